import { Button, Card, Result, Typography } from 'antd';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

/** A card whose title is a real heading, so the sections can be reached by heading. */
export function Section({ title, extra, children, testId }: { title: string; extra?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Card
      size="small"
      className="case-section"
      title={
        <Typography.Title level={3} className="case-section__title">
          {title}
        </Typography.Title>
      }
      extra={extra}
      data-testid={testId}
    >
      {children}
    </Card>
  );
}

/** The answer of the case query when it failed: not found (or not this user's department), or another error with a retry. */
export function CaseLoadError({ error, onRetry }: { error: Error; onRetry(): void }) {
  if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
    return (
      <div data-testid="case-not-found">
        <Result status="404" title="Không tìm thấy hồ sơ (hoặc hồ sơ không thuộc đơn vị của bạn)" />
      </div>
    );
  }
  return (
    <Result
      status="error"
      title="Không tải được hồ sơ"
      subTitle={error.message}
      extra={
        <Button type="primary" onClick={onRetry}>
          Thử lại
        </Button>
      }
    />
  );
}

