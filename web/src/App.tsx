// Routes of the web UI. Pages load lazily (antd and echarts are big); every module checks its permission.
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Result } from 'antd';
import { useAuth } from './auth/AuthContext';
import { AppLayout } from './components/AppLayout';
import { Forbidden, Loading } from './components/PageState';
import { firstAllowedPath } from './nav';
import type { Permission } from './api';
import { useT } from './i18n';

const LoginPage = lazy(() => import('./pages/login/LoginPage'));
const TotpSetupPage = lazy(() => import('./pages/login/TotpSetupPage'));
const HomePage = lazy(() => import('./pages/home/HomePage'));
const OrgsPage = lazy(() => import('./pages/orgs/OrgsPage'));
const OfficialsPage = lazy(() => import('./pages/officials/OfficialsPage'));
const OfficialDetailPage = lazy(() => import('./pages/officials/OfficialDetailPage'));
const UsersPage = lazy(() => import('./pages/admin/UsersPage'));
const AuditPage = lazy(() => import('./pages/admin/AuditPage'));
const WarningsPage = lazy(() => import('./pages/warnings/WarningsPage'));
const LedgerPage = lazy(() => import('./pages/ledger/LedgerPage'));
const LedgerItemPage = lazy(() => import('./pages/ledger/ItemDetailPage'));
const LedgerDashboardPage = lazy(() => import('./pages/ledger/DashboardPage'));
const LedgerDispatchPage = lazy(() => import('./pages/ledger/DispatchPage'));
const LedgerReviewsPage = lazy(() => import('./pages/ledger/ReviewsPage'));
const LedgerChartersPage = lazy(() => import('./pages/ledger/ChartersPage'));
const TalksPage = lazy(() => import('./pages/talks/TalksPage'));
const TalkDetailPage = lazy(() => import('./pages/talks/TalkDetailPage'));
const TalkCoveragePage = lazy(() => import('./pages/talks/CoveragePage'));
const TalkTypesPage = lazy(() => import('./pages/talks/TalkTypesPage'));
const InquiriesPage = lazy(() => import('./pages/inquiries/InquiriesPage'));
const InquiryDetailPage = lazy(() => import('./pages/inquiries/InquiryDetailPage'));
const PetitionsPage = lazy(() => import('./pages/petitions/PetitionsPage'));
const PetitionDetailPage = lazy(() => import('./pages/petitions/PetitionDetailPage'));
const PetitionSearchPage = lazy(() => import('./pages/petitions/PetitionSearchPage'));
const PetitionAnalysisPage = lazy(() => import('./pages/petitions/PetitionAnalysisPage'));
const RevealInboxPage = lazy(() => import('./pages/petitions/RevealInboxPage'));
const CluesPage = lazy(() => import('./pages/clues/CluesPage'));
const ClueDetailPage = lazy(() => import('./pages/clues/ClueDetailPage'));
const ClueTransfersPage = lazy(() => import('./pages/clues/TransfersPage'));
const ConsultationsPage = lazy(() => import('./pages/clues/ConsultationsPage'));

function RequireAuth({ children }: { children: ReactNode }) {
  const { status, mfaSetupRequired } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <Loading />;
  if (status === 'anonymous') return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (mfaSetupRequired && location.pathname !== '/totp-setup') return <Navigate to="/totp-setup" replace />;
  return <>{children}</>;
}

function Guard({ perm, children }: { perm: Permission | Permission[]; children: ReactNode }) {
  const { can } = useAuth();
  const ok = Array.isArray(perm) ? perm.some(can) : can(perm);
  return ok ? <>{children}</> : <Forbidden />;
}

function Home() {
  const { can } = useAuth();
  if (can('dashboard.read')) return <HomePage />;
  const first = firstAllowedPath(can);
  return first && first !== '/' ? <Navigate to={first} replace /> : <Forbidden />;
}

function NotFound() {
  const t = useT();
  return <Result status="404" title="404" subTitle={t('common.notFound')} />;
}

export default function AppRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          path="/totp-setup"
          element={
            <RequireAuth>
              <TotpSetupPage />
            </RequireAuth>
          }
        />
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route index element={<Home />} />
          <Route path="orgs" element={<Guard perm="orgs.read"><OrgsPage /></Guard>} />
          <Route path="officials" element={<Guard perm="officials.read"><OfficialsPage /></Guard>} />
          <Route path="officials/:id" element={<Guard perm="officials.read"><OfficialDetailPage /></Guard>} />
          <Route path="warnings" element={<Guard perm="warnings.read"><WarningsPage /></Guard>} />
          <Route path="ledger" element={<Guard perm="ledger.read"><LedgerPage /></Guard>} />
          <Route path="ledger/items/:id" element={<Guard perm="ledger.read"><LedgerItemPage /></Guard>} />
          <Route path="ledger/dashboard" element={<Guard perm="ledger.read"><LedgerDashboardPage /></Guard>} />
          <Route path="ledger/dispatch" element={<Guard perm="ledger.read"><LedgerDispatchPage /></Guard>} />
          <Route path="ledger/reviews" element={<Guard perm="ledger.review"><LedgerReviewsPage /></Guard>} />
          <Route path="ledger/charters" element={<Guard perm="ledger.read"><LedgerChartersPage /></Guard>} />
          <Route path="talks" element={<Guard perm="talks.read"><TalksPage /></Guard>} />
          <Route path="talks/coverage" element={<Guard perm="talks.read"><TalkCoveragePage /></Guard>} />
          <Route path="talks/types" element={<Guard perm="talks.read"><TalkTypesPage /></Guard>} />
          <Route path="talks/:id" element={<Guard perm="talks.read"><TalkDetailPage /></Guard>} />
          <Route path="inquiries" element={<Guard perm="inquiries.read"><InquiriesPage /></Guard>} />
          <Route path="inquiries/:id" element={<Guard perm="inquiries.read"><InquiryDetailPage /></Guard>} />
          <Route path="petitions" element={<Guard perm="petitions.read"><PetitionsPage /></Guard>} />
          <Route path="petitions/search" element={<Guard perm="petitions.read"><PetitionSearchPage /></Guard>} />
          <Route path="petitions/analysis" element={<Guard perm="petitions.analysis"><PetitionAnalysisPage /></Guard>} />
          <Route path="petitions/reveals" element={<Guard perm="petitions.reveal-request"><RevealInboxPage /></Guard>} />
          <Route path="petitions/:id" element={<Guard perm="petitions.read"><PetitionDetailPage /></Guard>} />
          <Route path="clues" element={<Guard perm="clues.read"><CluesPage /></Guard>} />
          <Route path="clues/transfers" element={<Guard perm="clues.read"><ClueTransfersPage /></Guard>} />
          <Route path="clues/consultations" element={<Guard perm="clues.read"><ConsultationsPage /></Guard>} />
          <Route path="clues/:id" element={<Guard perm="clues.read"><ClueDetailPage /></Guard>} />
          <Route path="admin/users" element={<Guard perm={['users.read', 'users.roles', 'users.write']}><UsersPage /></Guard>} />
          <Route path="admin/audit" element={<Guard perm="audit.read"><AuditPage /></Guard>} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
