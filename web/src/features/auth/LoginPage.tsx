/** Sign-in. An account that must change its password is sent to the change form first. */
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Flex, Form, Input, Segmented, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError } from '../../lib/api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useLogin, useMe } from './api.ts';

export function LoginPage() {
  const { t, locale, setLocale } = useI18n();
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (me.data && login.isIdle) return <Navigate to={me.data.mustChangePassword ? '/change-password' : from} replace />;

  const submit = (values: { username: string; password: string }) => {
    setError(null);
    login.mutate(values, {
      onSuccess: (result) => {
        navigate(result.mustChangePassword ? '/change-password' : from, { replace: true });
      },
      onError: (failure) => setError(failure instanceof ApiError ? failure.message : String(failure)),
    });
  };

  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh', padding: 16, background: 'linear-gradient(160deg, #fff5f5 0%, #f5f5f5 60%)' }}>
      <Card style={{ width: '100%', maxWidth: 400 }} data-testid="login-card">
        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
          <Typography.Title level={3} style={{ margin: 0, color: '#b71c1c' }}>cellbase</Typography.Title>
          <Segmented
            size="small"
            value={locale}
            options={[{ label: 'VI', value: 'vi' }, { label: 'EN', value: 'en' }]}
            onChange={(value) => setLocale(value as 'vi' | 'en')}
            data-testid="login-language"
          />
        </Flex>
        <Typography.Paragraph type="secondary">{t('app.subtitle')}</Typography.Paragraph>
        <Typography.Title level={4} style={{ marginTop: 0 }}>{t('login.title')}</Typography.Title>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">{t('login.submit')}</Button>
        </Form>
      </Card>
    </Flex>
  );
}
