import { Alert, Button, Empty, Flex, List, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { formatDate } from '../shared/format';
import { STATUS_LABELS, type DonCandidates, type SimilarityScore } from './don-api';

function signsOf(similarity: SimilarityScore): string[] {
  return [
    ...(similarity.sameCitizen ? ['cùng người gửi'] : []),
    ...(similarity.sameRespondent ? ['cùng người bị khiếu nại, tố cáo'] : []),
    ...(similarity.contentSimilarity > 0 ? [`nội dung giống ${Math.round(similarity.contentSimilarity * 100)}%`] : []),
  ];
}

interface Props {
  donId: string;
  candidates: DonCandidates | undefined;
  loading: boolean;
  error: Error | null;
  /** Attaching is offered while the đơn is open and the user may process it. */
  canAttach: boolean;
  attaching: boolean;
  onAttach(target: { toDonId: string } | { caseId: string }, label: string): void;
}

/**
 * The đơn and cases that look like the same matter (same citizen, same respondent, similar content), best first;
 * accepting a suggestion attaches this đơn to it (a repeat: the matter and the counts follow).
 */
export function DonCandidatesList({ donId, candidates, loading, error, canAttach, attaching, onAttach }: Props) {
  if (loading && !candidates) return <Spin description="Đang tìm đơn trùng…" />;
  if (error) return <Alert type="warning" showIcon title="Không tìm được đơn trùng" description={error.message} />;
  const dons = (candidates?.dons ?? []).filter((d) => d.donId !== donId);
  const cases = candidates?.cases ?? [];
  if (dons.length === 0 && cases.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Không thấy đơn, hồ sơ nào có vẻ cùng vụ việc." data-testid="no-candidates" />;
  }
  return (
    <Flex vertical gap={12} data-testid="candidates">
      {cases.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>Hồ sơ có vẻ cùng vụ việc</Typography.Text>}
          dataSource={cases}
          renderItem={(c) => (
            <List.Item
              data-testid="candidate-case"
              data-case-id={c.caseId}
              actions={
                canAttach
                  ? [
                      <Button key="attach" size="small" type="primary" loading={attaching} onClick={() => onAttach({ caseId: c.caseId }, 'Gắn vào hồ sơ đã có')}>
                        Gắn vào hồ sơ này
                      </Button>,
                    ]
                  : []
              }
            >
              <Flex vertical style={{ minWidth: 0 }}>
                <Link to={`/cases/${c.caseId}`}>{c.subject ?? `Hồ sơ ${c.caseId.slice(0, 8)}`}</Link>
                <Typography.Text type="secondary">
                  Mức giống {Math.round(c.similarity.score * 100)}% · {signsOf(c.similarity).join(', ')}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
      {dons.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>Đơn có vẻ cùng vụ việc</Typography.Text>}
          dataSource={dons}
          renderItem={(d) => (
            <List.Item
              data-testid="candidate-don"
              data-don-id={d.donId}
              actions={
                canAttach
                  ? [
                      <Button key="attach" size="small" loading={attaching} onClick={() => onAttach({ toDonId: d.donId }, 'Gắn vào đơn trước')}>
                        Gắn vào đơn này
                      </Button>,
                    ]
                  : []
              }
            >
              <Flex vertical style={{ minWidth: 0 }}>
                <Link to={`/dons/${d.donId}`}>{d.subject ?? `Đơn nhận ngày ${formatDate(d.receivedOn)}`}</Link>
                <Typography.Text type="secondary">
                  Mức giống {Math.round(d.similarity.score * 100)}% · {signsOf(d.similarity).join(', ')}
                </Typography.Text>
                <span>
                  <Tag color={STATUS_LABELS[d.status].color}>{STATUS_LABELS[d.status].label}</Tag>
                  {d.caseIds.length > 0 && <Typography.Text type="secondary">trong {d.caseIds.length} hồ sơ</Typography.Text>}
                </span>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Flex>
  );
}
