/** Where Bull Board is mounted: on the Express instance itself, outside the `/api` prefix. */
export const BULL_BOARD_PATH = '/admin/queues';
