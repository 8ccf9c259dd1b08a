import { App } from 'antd';
import type { MouseEvent } from 'react';
import { ApiError, request } from '../api/client';

const QUEUES_PATH = '/admin/queues';

/**
 * "Hàng đợi": Bull Board, the deadline queues' dashboard, in a new tab. A browser cannot send the bearer token to
 * its pages, so the API first sets a cookie holding it, scoped to /admin/queues (POST /api/auth/queues-session).
 */
export function QueuesLink({ label }: { label: string }) {
  const { message } = App.useApp();

  async function open(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    // Opened before the request, while the click still counts as the user's: a tab opened after an await may be blocked.
    const tab = window.open('about:blank', '_blank');
    try {
      await request<void>('/api/auth/queues-session', { method: 'POST' });
      if (tab) tab.location.href = QUEUES_PATH;
      else window.location.assign(QUEUES_PATH);
    } catch (error) {
      tab?.close();
      void message.error(error instanceof ApiError ? error.problem.detail || error.problem.title : 'Không mở được trang hàng đợi.');
    }
  }

  return (
    <a href={QUEUES_PATH} onClick={(event) => void open(event)} data-testid="queues-link">
      {label}
    </a>
  );
}
