import { Alert, AutoComplete, Checkbox, DatePicker, Form, Input, Modal, Select, Spin, Switch, type FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import type { Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { ApiError, newIdempotencyKey, request, type Problem } from '../api/client';
import type { Catalog, Role } from '../api/types';
import { useSession } from '../auth/session';
import { kindOf } from '../shared/catalog';
import { COMMAND_SEGMENTS, type CaseView } from './case-api';
import { commandFields, useOpenApiDocument, type CommandField } from './case-command-schema';
import { loopFocus } from '../shared/focus-loop';

/** Short labels of the DTO fields; the schema's description is shown as help under the field. */
const FIELD_LABELS: Record<string, string> = {
  documentNo: 'Số văn bản',
  documentDate: 'Ngày văn bản',
  note: 'Ghi chú',
  reason: 'Lý do',
  inspectorId: 'Mã thanh tra viên',
  inspectorName: 'Họ tên thanh tra viên',
  summary: 'Tóm tắt',
  finding: 'Kết luận',
  decisionNo: 'Số quyết định',
  recipients: 'Nơi nhận',
  method: 'Hình thức công khai',
  toAgency: 'Cơ quan nhận đơn',
  groundCode: 'Căn cứ',
  conclusion: 'Kết luận kiểm tra',
  criteria: 'Tiêu chí phức tạp',
  clock: 'Thời hạn được gia hạn',
  continueGround: 'Căn cứ tiếp tục giải quyết',
};

const ENUM_LABELS: Record<string, Record<string, string>> = {
  finding: { right: 'Đúng', 'partly-right': 'Đúng một phần', wrong: 'Sai' },
};

const LONG_TEXT = 500;

type Options = Array<{ value: string; label: string }>;

function entries(labels: Record<string, string>): Options {
  return Object.entries(labels).map(([value, label]) => ({ value, label: `${value}: ${label}` }));
}

/** Choices the schema cannot carry: grounds by family, the clocks of this case. */
function choicesFor(field: CommandField, command: string, view: CaseView, family: string | undefined, catalog: Catalog): Options | undefined {
  if (field.schema.enum) return field.schema.enum.map((value) => ({ value, label: ENUM_LABELS[field.name]?.[value] ?? value }));
  const grounds = family ? catalog.rejectionGrounds[family] : undefined;
  if (field.name === 'groundCode' && command === 'RejectCase' && grounds) return entries(grounds);
  if (field.name === 'continueGround') return entries(catalog.continueAfterWithdrawalGrounds);
  if (field.name === 'clock' && command === 'ExtendDeadline') {
    return view.clocks.filter((c) => c.status === 'running').map((c) => ({ value: c.clock, label: c.label }));
  }
  return undefined;
}

/** Who may continue a withdrawn denunciation anyway (CONTINUE_DECIDERS in libs/domain/src/case/case.decide.ts). */
const CONTINUE_DECIDERS: ReadonlySet<Role> = new Set<Role>(['head', 'director']);

function isShown(field: CommandField, family: string | undefined, role: Role): boolean {
  return field.name !== 'continueGround' || (family === 'denunciation' && CONTINUE_DECIDERS.has(role));
}

function labelOf(field: CommandField): string {
  return FIELD_LABELS[field.name] ?? field.schema.description ?? field.name;
}

function rulesOf(field: CommandField, label: string): Rule[] {
  const rules: Rule[] = [];
  const { schema } = field;
  if (field.required) {
    const message = schema.type === 'array' || schema.enum ? `Vui lòng chọn ${label.toLowerCase()}.` : `Vui lòng nhập ${label.toLowerCase()}.`;
    rules.push({ required: true, message, ...(schema.type === 'string' && !schema.enum ? { whitespace: true } : {}) });
  }
  if (schema.type === 'string' && schema.maxLength) rules.push({ max: schema.maxLength, message: `Tối đa ${schema.maxLength} ký tự.` });
  return rules;
}

/**
 * The department's inspectors from the catalog (the users directory), offered by name; with single sign-on the
 * directory is empty, so an inspector's id may also be typed.
 */
function InspectorInput({ department, form, value, onChange, id }: { department: string; form: FormInstance; value?: string; onChange?(value: string): void; id?: string }) {
  const { catalog } = useSession();
  const inspectors = catalog.inspectors.filter((inspector) => inspector.department === department);
  const options = inspectors.map((inspector) => ({ value: inspector.id, label: `${inspector.name} (${inspector.id})` }));
  return (
    <AutoComplete
      id={id}
      value={value}
      onChange={(next: string) => onChange?.(next)}
      onSelect={(selected: string) => {
        const name = inspectors.find((inspector) => inspector.id === selected)?.name;
        if (name) form.setFieldValue('inspectorName', name);
      }}
      options={options}
      showSearch={{ filterOption: (input, option) => String(option?.label ?? '').toLowerCase().includes(input.toLowerCase()) }}
      placeholder="Chọn hoặc nhập mã thanh tra viên"
    />
  );
}

function widgetOf(field: CommandField, options: Options | undefined, view: CaseView, form: FormInstance): ReactNode {
  const { schema } = field;
  if (field.name === 'inspectorId') return <InspectorInput department={view.department} form={form} />;
  if (schema.format === 'date') return <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" className="command-form__date" />;
  if (schema.type === 'boolean') return <Switch />;
  if (schema.type === 'array' && schema.items?.enum) {
    return <Checkbox.Group options={schema.items.enum.map((value) => ({ value, label: `Tiêu chí ${value}` }))} />;
  }
  if (schema.type === 'array') return <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} placeholder="Mỗi dòng một mục" />;
  if (options) return <Select options={options} allowClear={!field.required} placeholder="Chọn" popupMatchSelectWidth={false} />;
  if ((schema.maxLength ?? 0) > LONG_TEXT) return <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={schema.maxLength} />;
  return <Input maxLength={schema.maxLength} />;
}

/** Form values → request body: dates as YYYY-MM-DD, list text as one item per line, empty fields left out. */
function toBody(fields: CommandField[], values: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (value === undefined || value === null || value === '') continue;
    if (field.schema.format === 'date') body[field.name] = (value as Dayjs).format('YYYY-MM-DD');
    else if (field.schema.type === 'array' && typeof value === 'string') {
      const items = value.split('\n').map((line) => line.trim()).filter(Boolean);
      if (items.length > 0) body[field.name] = items;
    } else if (typeof value === 'string') body[field.name] = value.trim();
    else body[field.name] = value;
  }
  return body;
}

export interface CommandDone {
  label: string;
  position?: string;
  /** The case as it stood right after the command, so the next action starts from its new revision. */
  view?: CaseView;
}

interface CommandFormProps {
  /** The case as the user saw it when the dialog opened: its revision is sent as If-Match. */
  view: CaseView;
  command: { command: string; label: string };
  onDone(done: CommandDone): void;
  /** The case changed under the user (409): the page reloads it and says so. */
  onConflict(problem: Problem): void;
  onClose(): void;
}

/** A command as a short form in a dialog: the fields of its request, sent with an idempotency key and the case's revision. */
export function CaseCommandForm({ view, command, onDone, onConflict, onClose }: CommandFormProps) {
  const { catalog, user } = useSession();
  const openApi = useOpenApiDocument();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [idempotencyKey, setIdempotencyKey] = useState(() => newIdempotencyKey());
  const [refusal, setRefusal] = useState<Problem | undefined>();
  const [sending, setSending] = useState(false);
  const segment = COMMAND_SEGMENTS[command.command];
  const family = kindOf(catalog, view.kind)?.family;
  const fields = openApi.data && segment ? commandFields(openApi.data, segment)?.filter((field) => isShown(field, family, user.role)) : undefined;

  async function submit(values: Record<string, unknown>) {
    if (!fields || !segment) return;
    setSending(true);
    setRefusal(undefined);
    form.setFields(fields.map((field) => ({ name: field.name, errors: [] })));
    try {
      const { data } = await request<{ position?: string; case?: CaseView }>(`/api/cases/${view.caseId}/${segment}`, {
        method: 'POST',
        body: toBody(fields, values),
        headers: { 'Idempotency-Key': idempotencyKey, 'If-Match': `"${view.revision}"` },
      });
      onDone({ label: command.label, ...(data.position ? { position: data.position } : {}), ...(data.case ? { view: data.case } : {}) });
    } catch (error) {
      const problem = error instanceof ApiError ? error.problem : { title: 'Lỗi', status: 0, code: 'unknown', detail: String(error) };
      if (problem.status >= 400 && problem.status < 500) setIdempotencyKey(newIdempotencyKey());
      if (problem.status === 409 && problem.code === 'revision-conflict') {
        onConflict(problem);
        return;
      }
      const known = new Set(fields.map((f) => f.name));
      const fieldErrors = (problem.errors ?? []).map((e) => ({ name: e.field.split(/[.[]/)[0] ?? e.field, message: e.message }));
      const placed = fieldErrors.filter((e) => known.has(e.name));
      if (placed.length > 0) form.setFields(placed.map((e) => ({ name: e.name, errors: [e.message] })));
      if (placed.length === 0 || placed.length < fieldErrors.length) setRefusal(problem);
    } finally {
      setSending(false);
    }
  }

  let body: ReactNode;
  if (openApi.isPending) body = <Spin description="Đang tải biểu mẫu…" />;
  else if (!fields) body = <Alert type="error" showIcon title="Không tải được biểu mẫu của thao tác này." description={openApi.error?.message} />;
  else {
    body = (
      <Form form={form} layout="vertical" onFinish={submit} name={`command-${segment}`} data-testid="command-form" requiredMark>
        {fields.map((field) => {
          const label = labelOf(field);
          const help = field.schema.description && field.schema.description !== label ? field.schema.description : undefined;
          return (
            <Form.Item key={field.name} name={field.name} label={label} extra={help} rules={rulesOf(field, label)} {...(field.schema.type === 'boolean' ? { valuePropName: 'checked' } : {})}>
              {widgetOf(field, choicesFor(field, command.command, view, family, catalog), view, form)}
            </Form.Item>
          );
        })}
        {refusal && (
          <div data-testid="command-refusal" className="command-form__refusal">
            <Alert type="error" showIcon title={refusal.title} description={refusal.detail} />
          </div>
        )}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    );
  }

  return (
    <Modal
      open
      title={command.label}
      okText="Thực hiện"
      cancelText="Hủy"
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: sending, disabled: !fields }}
      destroyOnHidden
      mask={{ closable: false }}
      width={{ xs: '100%', sm: 560 }}
      modalRender={loopFocus}
    >
      {body}
    </Modal>
  );
}
