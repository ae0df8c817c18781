import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from './AuthProvider.tsx';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { admin } = useAuth();
  const location = useLocation();
  if (!admin) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return children;
}
