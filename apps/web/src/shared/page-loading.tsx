import { Spin } from 'antd';

/** The large spinner a page shows while its data loads. */
export function PageLoading({ what = 'Đang tải…' }: { what?: string }) {
  return (
    <div className="page-loading">
      <Spin size="large" description={what} />
    </div>
  );
}
