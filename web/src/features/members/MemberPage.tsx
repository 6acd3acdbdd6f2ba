/**
 * One member: the record, the open transfers, the timeline across units and the placements; for an officer who may
 * write, the life-cycle commands that fit the member's status, a transfer of party activity, and changes or
 * corrections of the record. A member outside the caller's scope is "not found", like a missing one.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Breadcrumb, Button, Card, Col, Dropdown, Flex, Result, Row, Skeleton, Space, Typography } from 'antd';
import { DownOutlined, PrinterOutlined, SwapOutlined, UserAddOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/index.tsx';
import { ApiError } from '../../lib/api.ts';
import { useMe } from '../auth/api.ts';
import { IssueTransferModal } from '../transfers/TransferModals.tsx';
import { CreateAccountModal } from '../accounts/CreateAccountModal.tsx';
import type { CreatedAccount } from '../accounts/api.ts';
import { OneTimePasswordModal } from '../accounts/OneTimePassword.tsx';
import { printMemberRecord, useMemberPage } from './api.ts';
import { notifyError } from '../../app/notify.ts';
import { COMMAND_LABELS, CommandModal, commandsFor, type CommandKind } from './CommandModal.tsx';
import { MemberRecordCard, MemberTimeline, OpenTransfers, PlacementsTable } from './MemberView.tsx';
import { MemberStatusTags } from './MembersPage.tsx';
import { MemberAdmissionFile } from '../admissions/MemberAdmissionFile.tsx';

export function MemberPage() {
  const { t } = useI18n();
  const params = useParams();
  const memberId = Number(params.id);
  const validId = Number.isInteger(memberId) && memberId > 0;
  const page = useMemberPage(validId ? memberId : undefined);
  const me = useMe().data;
  const canWrite = !!me?.abilities.includes('member.write');
  const [command, setCommand] = useState<CommandKind | null>(null);
  const [transferring, setTransferring] = useState(false);
  const canManageAccounts = !!me?.abilities.includes('account.manage');
  const [givingAccount, setGivingAccount] = useState(false);
  const [createdAccount, setCreatedAccount] = useState<CreatedAccount | null>(null);

  if (!validId || (page.isError && page.error instanceof ApiError && page.error.status === 404)) {
    return (
      <Result
        status="404"
        title={t('error.notFoundTitle')}
        subTitle={t('error.notFound')}
        extra={<Link to="/members"><Button type="primary">{t('members.backToList')}</Button></Link>}
        data-testid="not-found"
      />
    );
  }
  if (page.isError) return <Alert type="error" showIcon title={(page.error as Error).message} />;
  if (!page.data) return <Skeleton active />;
  const { record } = page.data;
  const isActive = record.status === 'probationary' || record.status === 'official' || record.status === 'exempted';
  const commands = commandsFor(record);

  return (
    <div data-testid="member-page" data-member-id={record.id}>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/members">{t('members.title')}</Link> }, { title: record.fullName }]} />
      <Flex wrap gap={8} align="center" justify="space-between" style={{ marginBottom: 12 }}>
        <Space wrap size={8} align="center">
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="member-name">{record.fullName}</Typography.Title>
          <MemberStatusTags item={record} />
        </Space>
        {(
          <Flex wrap gap={8}>
            <Button icon={<PrinterOutlined />} onClick={() => printMemberRecord(record.id).catch(notifyError)} data-testid="member-print">{t('members.printRecord')}</Button>
            {canManageAccounts && isActive && (
              <Button icon={<UserAddOutlined />} onClick={() => setGivingAccount(true)} data-testid="member-give-account">{t('accounts.giveAccount')}</Button>
            )}
            {canWrite && isActive && !record.inTransit && page.data.openTransfers.length === 0 && (
              <Button icon={<SwapOutlined />} onClick={() => setTransferring(true)} data-testid="member-transfer">{t('transfer.issue')}</Button>
            )}
            {canWrite && <Dropdown
              trigger={['click']}
              menu={{
                items: commands.map((kind) => ({ key: kind, label: <span data-testid={`command-${kind}`}>{t(COMMAND_LABELS[kind])}</span> })),
                onClick: ({ key }) => setCommand(key as CommandKind),
              }}
            >
              <Button type="primary" data-testid="member-actions">{t('members.actions')} <DownOutlined /></Button>
            </Dropdown>}
          </Flex>
        )}
      </Flex>
      {record.mergedIntoId !== null && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={<span>{t('members.mergedInto')} <Link to={`/members/${record.mergedIntoId}`} data-testid="merged-into-link">#{record.mergedIntoId}</Link></span>}
          data-testid="member-merged"
        />
      )}
      <OpenTransfers transfers={page.data.openTransfers} actions={(transfer) => <Link to={`/transfers?focus=${transfer.id}`}>{t('transfer.openList')}</Link>} />
      <MemberAdmissionFile memberId={page.data.record.id} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('members.record')}>
            <MemberRecordCard page={page.data} />
          </Card>
          <Card size="small" title={t('members.placements')} style={{ marginTop: 12 }}>
            <PlacementsTable page={page.data} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('members.timeline')}>
            <MemberTimeline page={page.data} />
          </Card>
        </Col>
      </Row>
      {command && <CommandModal key={command} kind={command} page={page.data} onClose={() => setCommand(null)} />}
      {transferring && <IssueTransferModal member={record} onClose={() => setTransferring(false)} />}
      {givingAccount && (
        <CreateAccountModal
          open
          member={{ id: record.id, fullName: record.fullName, unit: { id: record.unitId, name: record.unitName, code: '', kind: 'cell', level: 'cell', parentId: null } }}
          onClose={() => setGivingAccount(false)}
          onCreated={(result) => { setGivingAccount(false); setCreatedAccount(result); }}
        />
      )}
      {createdAccount && <OneTimePasswordModal username={createdAccount.account.username} password={createdAccount.oneTimePassword} onClose={() => setCreatedAccount(null)} />}
    </div>
  );
}
