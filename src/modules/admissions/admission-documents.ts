/**
 * The admission file's printed documents (issue 13), as party documents in the 36-HD/VPTW layout (src/lib/documents):
 * - the admission decision (9-KNĐ, Quyết định kết nạp đảng viên), issued by the competent level on the decision the
 *   file records, admitting the candidate and setting the ceremony within 30 working days (Charter Art. 5.1;
 *   294-QĐ/TW Art. 3; DOMAIN.md §2);
 * - the file's checklist (Danh mục hồ sơ kết nạp đảng viên): forms 1-KNĐ … 15-KNĐ with their dates and scans, the
 *   introducers (Charter Art. 4.2), and the steps with their working-day deadlines (DOMAIN.md §2, §9).
 * Both are read in the caller's `admission.read` scope through the file itself (out of scope is 404, like a missing
 * file); a file in scope whose decision is not recorded yet answers ADMISSION_DECISION_NOT_RECORDED (409).
 */
import { AppError } from '../../contracts/errors.ts';
import { ADMISSION_STEP_LABELS, CANDIDATE_SOURCE_LABELS, type CandidateDetail } from '../../contracts/admissions.ts';
import { findDecision, systemScope, unitPlaces, type Caller, type Executor } from '../../kernel/index.ts';
import { formatVietnameseDate, todayInVietnam } from '../../lib/dates.ts';
import { headerFrom, onBehalfOf } from '../../lib/documents/party-document.ts';
import { renderPartyDocumentInWorker } from '../../lib/documents/render-in-worker.ts';
import { getCandidate } from './admissions.service.ts';

const date = (value: string | null | undefined) => (value ? formatVietnameseDate(value) : '');
const personText = (file: CandidateDetail, key: string) => {
  const value = file.person[key];
  return typeof value === 'string' ? value : '';
};

/** The admission decision (9-KNĐ) of a file whose competent level's decision is recorded. */
export async function printAdmissionDecision(db: Executor, caller: Caller, candidateId: number): Promise<Buffer> {
  const file = await getCandidate(db, caller, candidateId);
  const step = file.steps.find((entry) => entry.step === 'admission_decision');
  const decision = step?.decisionId
    ? await findDecision(db, step.decisionId, systemScope('admission decision: the decision a file in scope records'))
    : undefined;
  if (!step || !decision) throw new AppError('ADMISSION_DECISION_NOT_RECORDED', { candidateId, stage: file.stage });
  const vote = file.steps.find((entry) => entry.step === 'cell_vote');
  const resolution = file.steps.find((entry) => entry.step === 'grassroots_resolution');
  // The decision is headed by the unit that issued it (the committee with the power to admit), else the cell's own.
  const issuer = decision.issuing_unit_id ?? file.unitId;
  const places = await unitPlaces(db, [issuer, file.unitId], decision.signed_on);
  const issuing = places.get(issuer);
  const cell = places.get(file.unitId);
  const issuingName = issuing?.name ?? decision.issuing_body;
  // The ceremony's deadline: the one its step was recorded against, or the one the file now waits on.
  const ceremonyDue = file.steps.find((entry) => entry.step === 'ceremony')?.dueBy ?? (file.nextStep === 'ceremony' ? file.dueBy : null);
  return renderPartyDocumentInWorker({
    header: { ...headerFrom(issuing, decision.signed_on), number: `Số: ${decision.number}` },
    title: 'Quyết định kết nạp đảng viên',
    subtitle: `${issuingName}`,
    body: [
      '- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;',
      '- Căn cứ Quy định và Hướng dẫn của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng;',
      ...(vote ? [`- Xét Nghị quyết đề nghị kết nạp đảng viên của ${cell?.name ?? file.unitName} ngày ${date(vote.date)};`] : []),
      ...(resolution ? [`- Xét Nghị quyết của đảng ủy cơ sở ngày ${date(resolution.date)};`] : []),
      'QUYẾT ĐỊNH:',
      `Điều 1. Kết nạp quần chúng ${file.fullName} vào Đảng Cộng sản Việt Nam.`,
      { label: 'Họ và tên', value: file.fullName },
      { label: 'Sinh ngày', value: date(file.birthDate) },
      ...[{ label: 'Quê quán', value: personText(file, 'hometown') }, { label: 'Nơi sinh', value: personText(file, 'birthplace') }].filter((line) => line.value),
      { label: 'Nguồn kết nạp', value: CANDIDATE_SOURCE_LABELS[file.source].vi },
      { label: 'Sinh hoạt tại', value: cell?.label ?? file.unitName },
      `Điều 2. ${cell?.name ?? file.unitName} tổ chức lễ kết nạp trong thời hạn 30 ngày làm việc kể từ ngày ký quyết định${ceremonyDue ? `, chậm nhất ngày ${date(ceremonyDue)}` : ''}; đảng viên dự bị phải trải qua thời kỳ dự bị 12 tháng kể từ ngày chi bộ tổ chức lễ kết nạp.`,
      'Điều 3. Chi ủy, chi bộ và đồng chí có tên trên chịu trách nhiệm thi hành quyết định này.',
    ],
    recipients: ['Như Điều 3', 'Lưu hồ sơ đảng viên', `Lưu ${issuingName}`],
    signature: { onBehalfOf: onBehalfOf(issuingName) ?? 'T/M Đảng ủy', role: 'Bí thư', name: decision.signer },
  });
}

/** The file's checklist: its forms, introducers and steps, as they stand today. */
export async function printAdmissionChecklist(db: Executor, caller: Caller, candidateId: number): Promise<Buffer> {
  const file = await getCandidate(db, caller, candidateId);
  const today = todayInVietnam();
  const places = await unitPlaces(db, [file.unitId], today);
  const cell = places.get(file.unitId);
  const nextStep = file.nextStep ? ADMISSION_STEP_LABELS[file.nextStep].vi : '';
  return renderPartyDocumentInWorker({
    header: headerFrom(cell, today),
    title: 'Danh mục hồ sơ kết nạp đảng viên',
    subtitle: `Quần chúng ${file.fullName}`,
    body: [
      { label: 'Họ và tên', value: file.fullName },
      { label: 'Sinh ngày', value: date(file.birthDate) },
      { label: 'Nguồn', value: CANDIDATE_SOURCE_LABELS[file.source].vi },
      { label: 'Là quần chúng ưu tú từ ngày', value: date(file.candidateSince) },
      { label: 'Lớp bồi dưỡng nhận thức về Đảng', value: [file.courseName, file.courseCompletedOn ? `hoàn thành ngày ${date(file.courseCompletedOn)}` : null].filter(Boolean).join(', ') },
      { label: 'Giấy chứng nhận', value: [file.certificateNumber, file.certificateValidUntil ? `có giá trị đến ${date(file.certificateValidUntil)}` : null].filter(Boolean).join(', ') },
      { label: 'Chi bộ đề nghị', value: cell?.label ?? file.unitName },
      ...file.introducers.map((entry, index) => ({
        label: `Người giới thiệu ${index + 1}`,
        value: entry.kind === 'member'
          ? `${entry.memberName ?? ''}, cùng công tác từ ${date(entry.workedWithSince)}`
          : `Nghị quyết của ${entry.resolutionBody ?? ''} ngày ${date(entry.resolutionDate)}`,
      })),
      ...(nextStep ? [{ label: 'Bước tiếp theo', value: `${nextStep}${file.dueBy ? `, hạn ${date(file.dueBy)}${file.overdue ? ' (quá hạn)' : ''}` : ''}` }] : []),
    ],
    table: {
      columns: [
        { header: 'Mẫu', width: 15, align: 'center' },
        { header: 'Tên văn bản', width: 47 },
        { header: 'Ngày', width: 16, align: 'center' },
        { header: 'Bản lưu', width: 22 },
      ],
      rows: file.checklist.map((item) => [item.form, item.label.vi, date(item.dated), item.fileName ?? (item.dated ? 'Bản giấy' : 'Chưa có')]),
    },
    sections: file.steps.length === 0 ? [] : [{
      heading: 'Các bước đã thực hiện',
      columns: [
        { header: 'Bước', width: 44 },
        { header: 'Ngày', width: 16, align: 'center' },
        { header: 'Hạn', width: 16, align: 'center' },
        { header: 'Chậm (ngày làm việc)', width: 24, align: 'right' },
      ],
      rows: file.steps.map((entry) => [ADMISSION_STEP_LABELS[entry.step].vi, date(entry.date), date(entry.dueBy), entry.lateWorkingDays > 0 ? String(entry.lateWorkingDays) : '']),
    }],
    recipients: ['Lưu hồ sơ'],
    signature: { onBehalfOf: onBehalfOf(cell?.name ?? file.unitName), role: 'Bí thư' },
  });
}
