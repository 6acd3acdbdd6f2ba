/** Change one's own password; required before anything else after signing in with a one-time password. */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Form, Input } from 'antd';
import { ApiError } from '../../lib/api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useChangePassword, useMe } from './api.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe().data;
  const change = useChangePassword();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const forced = !!me?.mustChangePassword;

  const submit = (values: Values) => {
    setError(null);
    change.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword }, {
      onSuccess: () => {
        message.success(t('password.changed'));
        navigate('/', { replace: true });
      },
      onError: (failure) => setError(failure instanceof ApiError ? failure.message : String(failure)),
    });
  };

  return (
    <Flex justify="center">
      <Card title={t('password.title')} style={{ width: '100%', maxWidth: 460 }} data-testid="change-password">
        {forced && <Alert type="warning" showIcon title={t('password.mustChange')} style={{ marginBottom: 16 }} data-testid="must-change-password" />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="password-error" />}
        <Form<Values> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.Password autoComplete="current-password" data-testid="current-password" />
          </Form.Item>
          <Form.Item name="newPassword" label={t('password.new')} extra={t('password.hint')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.Password autoComplete="new-password" data-testid="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('password.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('validation.required') },
              ({ getFieldValue }) => ({
                validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('validation.passwordMismatch')))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="confirm-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={change.isPending} data-testid="change-password-submit">{t('password.submit')}</Button>
        </Form>
      </Card>
    </Flex>
  );
}
