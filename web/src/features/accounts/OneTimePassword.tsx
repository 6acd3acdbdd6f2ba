/** Shows a one-time password once, with a copy button; it cannot be shown again after closing. */
import { Alert, Modal, Typography } from 'antd';
import { useI18n } from '../../i18n/index.tsx';

export function OneTimePasswordModal({ username, password, onClose }: { username: string; password: string | null; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal
      open={!!password}
      title={t('accounts.otpTitle')}
      onOk={onClose}
      onCancel={onClose}
      okText={t('accounts.otpDone')}
      cancelButtonProps={{ style: { display: 'none' } }}
      mask={{ closable: false }}
      data-testid="otp-modal"
    >
      <Alert type="warning" showIcon title={t('accounts.otpOnce')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph>{t('login.username')}: <Typography.Text strong data-testid="otp-username">{username}</Typography.Text></Typography.Paragraph>
      <Typography.Paragraph>
        {t('accounts.otp')}:{' '}
        <Typography.Text code copyable={{ text: password ?? '' }} style={{ fontSize: 18 }} data-testid="otp-value">{password}</Typography.Text>
      </Typography.Paragraph>
    </Modal>
  );
}
