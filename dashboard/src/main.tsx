import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { TripswitchApiError } from '@tripswitch/sdk/admin';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app/App.tsx';
import { AuthProvider } from './auth/AuthProvider.tsx';
import { ConfirmProvider } from './ui/ConfirmProvider.tsx';
import './styles/base.css';
import './styles/layout.css';
import './styles/features.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // An API answer (404, 401, 400) will not change on retry; a network blip might.
      retry: (failures, error) => !(error instanceof TripswitchApiError) && failures < 2,
      refetchOnWindowFocus: true,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <ConfirmProvider>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </ConfirmProvider>
      </AuthProvider>
    </QueryClientProvider>
  </StrictMode>,
);
