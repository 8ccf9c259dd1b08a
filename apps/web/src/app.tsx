import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, Button, ConfigProvider, Result } from 'antd';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { lazy, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from './api/client';
import { SessionProvider, useSessionContext } from './auth/session';
import { SetupPage } from './auth/setup.page';
import { SignInPage } from './auth/sign-in.page';
import { CaseListPage } from './cases/case-list.page';
import { CasePage } from './cases/case.page';
import { NewCasePage } from './cases/new-case.page';
import { InboxPage } from './inbox/inbox.page';
import { AppLayout } from './layout/app-layout';
import { PageLoading } from './shared/page-loading';
import { THEME } from './shared/theme';

dayjs.locale('vi');

// Pages most users never open load on first visit: the dashboard brings the charting library, the audit pages
// are the supervisors' alone. AppLayout shows PageLoading meanwhile.
const DashboardPage = lazy(() => import('./dashboard/dashboard.page').then((m) => ({ default: m.DashboardPage })));
const AuditPage = lazy(() => import('./audit/audit.page').then((m) => ({ default: m.AuditPage })));
const UsersPage = lazy(() => import('./users/users.page').then((m) => ({ default: m.UsersPage })));
const AuditCasePage = lazy(() => import('./audit/audit-case.page').then((m) => ({ default: m.AuditCasePage })));
const ReceptionDeskPage = lazy(() => import('./reception/reception-desk.page').then((m) => ({ default: m.ReceptionDeskPage })));
const ReceptionSchedulePage = lazy(() => import('./reception/reception-schedule.page').then((m) => ({ default: m.ReceptionSchedulePage })));
const DonRegisterPage = lazy(() => import('./dons/don-register.page').then((m) => ({ default: m.DonRegisterPage })));
const DonPage = lazy(() => import('./dons/don.page').then((m) => ({ default: m.DonPage })));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refused query (4xx) will not succeed by asking again; a lost connection may.
      retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      refetchOnWindowFocus: true,
      staleTime: 5_000,
    },
  },
});

function RequireSession({ children }: { children: ReactNode }) {
  const { session, loading, loadError, retrying, retryLoad, signOut } = useSessionContext();
  const location = useLocation();
  if (loadError) {
    return (
      <Result
        status="error"
        title="Không tải được thông tin phiên làm việc"
        subTitle={loadError.message}
        extra={[
          <Button key="retry" type="primary" loading={retrying} onClick={retryLoad}>
            Thử lại
          </Button>,
          <Button key="sign-out" onClick={() => signOut('Bạn đã đăng xuất.')}>
            Đăng xuất
          </Button>,
        ]}
      />
    );
  }
  if (loading) return <PageLoading />;
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

function Home() {
  const { session } = useSessionContext();
  if (session?.user.role === 'supervisor') return <Navigate to="/audit" replace />;
  // The system administrator reads no case: its one section is "Hàng đợi" in the menu.
  if (session !== undefined && !session.can('case.list')) {
    return <Result status="info" title="Quản trị hệ thống" subTitle='Tài khoản này không xem hồ sơ. Mở "Người dùng" để quản lý tài khoản, "Hàng đợi" để vận hành các hàng đợi thời hạn.' />;
  }
  return <Navigate to="/cases" replace />;
}

function NotFound() {
  return <Result status="404" title="Không tìm thấy trang" subTitle="Địa chỉ này không có trong KNTC." />;
}

export function App() {
  return (
    <ConfigProvider locale={viVN} theme={THEME}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <SessionProvider>
              <Routes>
                <Route path="/login" element={<SignInPage />} />
                <Route path="/setup" element={<SetupPage />} />
                <Route
                  element={
                    <RequireSession>
                      <AppLayout />
                    </RequireSession>
                  }
                >
                  <Route index element={<Home />} />
                  <Route path="cases" element={<CaseListPage />} />
                  <Route path="cases/new" element={<NewCasePage />} />
                  <Route path="cases/:caseId" element={<CasePage />} />
                  <Route path="inbox" element={<InboxPage />} />
                  <Route path="dashboard" element={<DashboardPage />} />
                  <Route path="audit" element={<AuditPage />} />
                  <Route path="audit/:caseId" element={<AuditCasePage />} />
                  <Route path="users" element={<UsersPage />} />
                  <Route path="reception" element={<ReceptionDeskPage />} />
                  <Route path="reception/schedule" element={<ReceptionSchedulePage />} />
                  <Route path="dons" element={<DonRegisterPage />} />
                  <Route path="dons/:donId" element={<DonPage />} />
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </SessionProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
