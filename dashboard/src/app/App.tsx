import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AuditPage } from '../audit/AuditPage.tsx';
import { RequireAuth } from '../auth/RequireAuth.tsx';
import { SignInPage } from '../auth/SignInPage.tsx';
import { EnvironmentsPage } from '../environments/EnvironmentsPage.tsx';
import { CreateFlagPage } from '../flags/CreateFlagPage.tsx';
import { FlagIndexRedirect, FlagLayout } from '../flags/FlagLayout.tsx';
import { FlagListPage } from '../flags/FlagListPage.tsx';
import { FlagSettingsPage } from '../flags/FlagSettingsPage.tsx';
import { HistoryPage } from '../history/HistoryPage.tsx';
import { SegmentsPage } from '../segments/SegmentsPage.tsx';
import { TargetingPage } from '../targeting/TargetingPage.tsx';
import { TokensPage } from '../tokens/TokensPage.tsx';
import { Layout } from './Layout.tsx';

// Loaded on first visit: the guardrails tab brings the chart library, which most visits never need.
const GuardrailsPage = lazy(() => import('../guardrails/GuardrailsPage.tsx'));
const WebhooksPage = lazy(() => import('../webhooks/WebhooksPage.tsx'));
const loading = <p className="muted">Loading…</p>;

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route
        element={
          <RequireAuth>
            <Layout />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to="/flags" replace />} />
        <Route path="flags" element={<FlagListPage />} />
        <Route path="flags/new" element={<CreateFlagPage />} />
        <Route path="flags/:flagKey" element={<FlagLayout />}>
          <Route index element={<FlagIndexRedirect />} />
          <Route path="settings" element={<FlagSettingsPage />} />
          <Route path="environments/:environment" element={<TargetingPage />} />
          <Route path="environments/:environment/history" element={<HistoryPage />} />
          <Route
            path="environments/:environment/guardrails"
            element={
              <Suspense fallback={loading}>
                <GuardrailsPage />
              </Suspense>
            }
          />
        </Route>
        <Route path="audit" element={<AuditPage />} />
        <Route path="environments" element={<EnvironmentsPage />} />
        <Route path="environments/:environment/segments" element={<SegmentsPage />} />
        <Route path="tokens" element={<TokensPage />} />
        <Route
          path="webhooks"
          element={
            <Suspense fallback={loading}>
              <WebhooksPage />
            </Suspense>
          }
        />
        <Route path="*" element={<p>There is no page here.</p>} />
      </Route>
    </Routes>
  );
}
