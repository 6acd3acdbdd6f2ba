/**
 * The one-click fix of members left in a unit that is not a cell (old data; issue kind `unit_not_a_cell`): every
 * member the unit holds goes into one of its cells from the day it stopped being one. The decision is prefilled with
 * the one that made the unit what it is; the receiving cell is optional (none: the server establishes
 * "Chi bộ <name>" under the unit, as an upgrade does).
 */
import { useState } from 'react';
import { Alert, Form, Modal, Typography } from 'antd';
import type { CleaningIssue } from '../../../../src/contracts/member-import.ts';
import type { Decision } from '../../../../src/contracts/decisions.ts';
import { defaultMembersCellName } from '../../../../src/contracts/orgs.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatDate, todayInVietnam } from '../../lib/dates.ts';
import { DecisionPicker } from '../decisions/DecisionPicker.tsx';
import { useDecision } from '../decisions/api.ts';
import { UnitPicker, type PickedUnit } from '../orgs/UnitPicker.tsx';
import { ErrorAlert } from '../members/CommandModal.tsx';
import { useFixIssue } from './api.ts';

export function FixStrandedModal({ issue, onClose }: { issue: CleaningIssue; onClose: () => void }) {
  const { t } = useI18n();
  const suggested = typeof issue.details.decisionId === 'number' ? issue.details.decisionId : null;
  const known = useDecision(suggested);
  const [decision, setDecision] = useState<Decision | null | undefined>(undefined);
  const [target, setTarget] = useState<PickedUnit | null>(null);
  const fix = useFixIssue();
  const chosen = decision === undefined ? known.data ?? null : decision;
  const since = typeof issue.details.kindSince === 'string' ? issue.details.kindSince : '';
  const done = fix.data;
  return (
    <Modal
      open
      title={t('cleaning.fixTitle')}
      okText={done ? t('common.back') : t('cleaning.fix')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !done && !chosen, 'data-testid': 'fix-confirm' } as never}
      confirmLoading={fix.isPending}
      onOk={() => {
        if (done) return onClose();
        if (!chosen) return undefined;
        fix.mutate({ kind: 'unit_not_a_cell', key: issue.key, decisionId: chosen.id, ...(target ? { toUnitId: target.id } : {}) });
      }}
      onCancel={onClose}
      destroyOnHidden
      data-testid="fix-modal"
    >
      <Typography.Paragraph>{t('cleaning.fixExplain', { unit: issue.unitName, date: formatDate(since), name: defaultMembersCellName(issue.unitName) })}</Typography.Paragraph>
      <ErrorAlert error={fix.error} />
      {done ? (
        <Alert type="success" showIcon data-testid="fix-done" message={t('cleaning.fixDone', { count: done.moved, name: done.toName, date: formatDate(done.date) })} />
      ) : (
        <Form layout="vertical">
          <Form.Item label={t('cleaning.fixDecision')} required>
            <DecisionPicker value={chosen} onChange={setDecision} />
          </Form.Item>
          <Form.Item label={t('cleaning.fixTarget')}>
            <UnitPicker date={todayInVietnam()} kind="cell" value={target} onChange={setTarget} data-testid="fix-target" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
