import { Alert, Button, Card, Checkbox, Col, Flex, Form, Input, InputNumber, Radio, Row, Select, Typography, type GetRef } from 'antd';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { CLASSIFICATION_LABELS, DELEGATION_MIN_SIZE, OUTCOME_LABELS, REFUSAL_GROUNDS, type ReceptionSessionView, type VisitOutcomeKind } from './reception-api';
import { useRecordVisit, VisitStepError, type VisitSaved, type VisitValues } from './visit-submit';

const max = (n: number) => ({ max: n, message: `Tối đa ${n} ký tự.` });
const OUTCOMES = Object.keys(OUTCOME_LABELS) as VisitOutcomeKind[];
const INITIAL: Partial<VisitValues> = { citizens: 1, classification: 'complaint', outcome: 'guided', repeated: false, signers: 1 };

/** Ctrl+Alt+1…5 picks an outcome (Alt+digit switches the browser's tabs), Ctrl+Enter saves from any field. */
export const VISIT_SHORTCUTS = 'Enter hoặc Ctrl+Enter: ghi lượt tiếp · Ctrl+Alt+1…5: chọn kết quả · Tab: ô tiếp theo';

/** Field names the API's errors may point at (RecordVisitRequestDto, RegisterDonRequestDto), on this form. */
const FIELD_OF: Record<string, keyof VisitValues> = {
  citizens: 'citizens',
  'delegation.representatives': 'representatives',
  delegation: 'representatives',
  'parties.0.name': 'name',
  'parties.0.address': 'address',
  'parties.0.idNumber': 'idNumber',
  summary: 'summary',
  content: 'summary',
  classification: 'classification',
  handledBefore: 'handledBefore',
  'outcome.kind': 'outcome',
  'outcome.toBody': 'toBody',
  'outcome.refusalGround': 'refusalGround',
  'outcome.note': 'note',
  subject: 'subject',
  respondent: 'respondent',
  signers: 'signers',
};

/**
 * One visit (lượt tiếp) typed during a session, keyboard first: the first field has the focus, Tab goes down the
 * form, Enter saves. When the citizen hands in a đơn the same form registers it (POST /api/dons) and the visit
 * names it; the focus comes back to the first field for the next citizen.
 */
export function VisitForm({ session, onSaved }: { session: ReceptionSessionView; onSaved(saved: VisitSaved): void }) {
  const [form] = Form.useForm<VisitValues>();
  const save = useRecordVisit(session);
  const first = useRef<GetRef<typeof InputNumber>>(null);
  const citizens = Form.useWatch('citizens', form) ?? 1;
  const outcome = Form.useWatch('outcome', form) ?? 'guided';
  const registered = save.isError ? save.registeredDon() : undefined;

  useEffect(() => first.current?.focus(), []);

  const onFinish = (values: VisitValues) => {
    if (save.isPending) return;
    save.mutate(values, {
      onSuccess: (saved) => {
        form.resetFields();
        onSaved(saved);
        setTimeout(() => first.current?.focus());
      },
      onError: (error) => placeErrors(error),
    });
  };

  const placeErrors = (error: unknown) => {
    const cause = error instanceof VisitStepError ? error.failure : error;
    if (!(cause instanceof ApiError)) return;
    const refusedField = cause.problem.details?.['field'];
    const errors = [...(cause.problem.errors ?? []), ...(typeof refusedField === 'string' ? [{ field: refusedField, message: cause.problem.detail }] : [])];
    const placed = errors.flatMap(({ field, message }) => (FIELD_OF[field] ? [{ name: FIELD_OF[field], errors: [message] }] : []));
    if (placed.length === 0) return;
    form.setFields(placed);
    form.scrollToField(placed[0]!.name, { block: 'center', focus: true });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.submit();
      return;
    }
    const digit = /^Digit([1-5])$/.exec(event.code)?.[1];
    if (digit && event.ctrlKey && event.altKey && registered === undefined) {
      event.preventDefault();
      form.setFieldValue('outcome', OUTCOMES[Number(digit) - 1]);
    }
  };

  const failure = save.isError ? failureText(save.error) : undefined;

  return (
    <Card
      size="small"
      title={
        <Typography.Title level={3} className="reception-desk__card-title">
          Lượt tiếp số {session.visits.length + 1}
        </Typography.Title>
      }
      extra={
        <Typography.Text type="secondary" className="reception-desk__shortcuts" data-testid="visit-shortcuts">
          {VISIT_SHORTCUTS}
        </Typography.Text>
      }
    >
      <Form<VisitValues>
        form={form}
        name="visit"
        layout="vertical"
        initialValues={INITIAL}
        onFinish={onFinish}
        onKeyDown={onKeyDown}
        scrollToFirstError={{ block: 'center', focus: true }}
        disabled={save.isPending}
        data-testid="visit-form"
      >
        <Row gutter={12}>
          <Col xs={12} md={6}>
            <Form.Item name="citizens" label="Số người đến" rules={[{ required: true, message: 'Nhập số người đến.' }]}>
              <InputNumber ref={first} min={1} max={10_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {citizens >= DELEGATION_MIN_SIZE && (
            <Col xs={12} md={6}>
              <Form.Item
                name="representatives"
                label="Số người đại diện"
                extra="Đoàn đông người (Luật TCD, Điều 29–30)"
                rules={[{ required: true, message: 'Đoàn đông người phải cử người đại diện.' }, { type: 'number', min: 1, message: 'Ít nhất một người đại diện.' }]}
              >
                <InputNumber min={1} max={10_000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={citizens >= DELEGATION_MIN_SIZE ? 12 : 18}>
            <Form.Item name="name" label="Họ tên công dân (người đại diện)" rules={[max(200)]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="address" label="Địa chỉ" rules={[max(500)]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="idNumber" label="Số CCCD/CMND" rules={[max(30)]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="summary" label="Nội dung trình bày" rules={[{ required: true, whitespace: true, message: 'Nhập nội dung công dân trình bày.' }, max(5000)]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="classification" label="Phân loại" rules={[{ required: true, message: 'Chọn phân loại.' }]}>
              <Radio.Group optionType="button" options={Object.entries(CLASSIFICATION_LABELS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="handledBefore" label="Cơ quan đã giải quyết" extra="Nhiều cơ quan: cách nhau bằng dấu ;" rules={[max(2000)]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="repeated" label="Vụ việc" valuePropName="checked">
              <Checkbox>Đã trình bày trước đây</Checkbox>
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="outcome" label="Kết quả tiếp" rules={[{ required: true, message: 'Chọn kết quả tiếp.' }]}>
              <Radio.Group
                optionType="button"
                options={OUTCOMES.map((value, index) => ({ value, label: OUTCOME_LABELS[value], title: `Ctrl+Alt+${index + 1}` }))}
                disabled={registered !== undefined}
                data-testid="visit-outcome"
              />
            </Form.Item>
          </Col>
          {(outcome === 'guided' || outcome === 'forwarded') && (
            <Col xs={24}>
              <Form.Item
                name="toBody"
                label={outcome === 'forwarded' ? 'Cơ quan nhận đơn chuyển' : 'Hướng dẫn đến cơ quan'}
                rules={[...(outcome === 'forwarded' ? [{ required: true, whitespace: true, message: 'Nhập cơ quan nhận.' }] : []), max(300)]}
              >
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
          )}
          {outcome === 'refused' && (
            <Col xs={24}>
              <Form.Item name="refusalGround" label="Căn cứ từ chối (Luật TCD, Điều 9)" rules={[{ required: true, message: 'Chọn căn cứ từ chối.' }]}>
                <Select options={Object.entries(REFUSAL_GROUNDS).map(([value, label]) => ({ value, label }))} placeholder="Chọn căn cứ" />
              </Form.Item>
            </Col>
          )}
          {outcome === 'don-received' && (
            <>
              <Col xs={24}>
                <Form.Item name="subject" label="Trích yếu đơn" rules={[{ required: true, whitespace: true, message: 'Nhập trích yếu của đơn.' }, max(500)]}>
                  <Input autoComplete="off" disabled={registered !== undefined} />
                </Form.Item>
              </Col>
              <Col xs={24} md={16}>
                <Form.Item name="respondent" label="Người, cơ quan bị khiếu nại, tố cáo" rules={[max(300)]}>
                  <Input autoComplete="off" disabled={registered !== undefined} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="signers" label="Số người đứng tên" rules={[{ required: true, message: 'Nhập số người đứng tên.' }]}>
                  <InputNumber min={0} max={100_000} precision={0} style={{ width: '100%' }} disabled={registered !== undefined} />
                </Form.Item>
              </Col>
            </>
          )}
          <Col xs={24}>
            <Form.Item name="note" label="Ghi chú" rules={[max(2000)]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        {registered && (
          <Alert
            type="info"
            showIcon
            className="reception-desk__alert"
            title={
              <>
                Đơn đã vào sổ (<Link to={`/dons/${registered.donId}`}>mở đơn</Link>) nhưng lượt tiếp chưa được ghi. Ghi lại: đơn không bị vào sổ lần nữa.
              </>
            }
            data-testid="visit-don-registered"
          />
        )}
        {failure && <Alert type="error" showIcon className="reception-desk__alert" title={failure.title} description={failure.detail} data-testid="visit-error" />}
        <Flex gap={8} wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            Ghi lượt tiếp
          </Button>
          <Button
            htmlType="reset"
            onClick={() => {
              save.forget();
              setTimeout(() => first.current?.focus());
            }}
          >
            Nhập lại
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}

function failureText(error: unknown): { title: string; detail: string } {
  const step = error instanceof VisitStepError ? error.step : 'visit';
  const cause = error instanceof VisitStepError ? error.failure : error;
  const title = step === 'don' ? 'Không vào sổ được đơn' : 'Không ghi được lượt tiếp';
  if (!(cause instanceof ApiError)) return { title, detail: String(cause) };
  const lines = (cause.problem.errors ?? []).map((e) => `${e.field}: ${e.message}`);
  return { title: cause.status === 0 ? cause.problem.title : title, detail: [cause.problem.detail, ...lines].join(' ') };
}
