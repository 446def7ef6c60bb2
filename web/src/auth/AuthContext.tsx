// Who is signed in: loads /api/auth/me once, keeps the CSRF token for the client, and sends any 401 to /login.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { authApi, onMfaRequired, onUnauthorized, setCsrfToken, type LoginResult, type Me, type Permission } from '../api';

type Status = 'loading' | 'anonymous' | 'signedIn';

interface AuthValue {
  status: Status;
  me: Me | null;
  mfaSetupRequired: boolean;
  can: (p: Permission) => boolean;
  signedIn: (r: LoginResult) => void;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
  setMfaDone: () => void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [mfaSetupRequired, setMfa] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  const locRef = useRef(location);
  locRef.current = location;
  // useNavigate changes identity on every navigation under BrowserRouter: keep it in a ref.
  const navRef = useRef(navigate);
  navRef.current = navigate;

  const clear = useCallback(() => {
    setCsrfToken(null);
    setMe(null);
    setMfa(false);
    setStatus('anonymous');
  }, []);

  const refresh = useCallback(async () => {
    try {
      const r = await authApi.me();
      setCsrfToken(r.csrfToken);
      setMe(r.user);
      setStatus('signedIn');
    } catch {
      clear();
    }
  }, [clear]);

  useEffect(() => {
    onUnauthorized(() => {
      clear();
      const l = locRef.current;
      if (l.pathname !== '/login') {
        navRef.current('/login', { replace: true, state: { from: l.pathname + l.search } });
      }
    });
    onMfaRequired(() => setMfa(true));
    void refresh();
    return () => {
      onUnauthorized(null);
      onMfaRequired(null);
    };
  }, [clear, refresh]);

  const value = useMemo<AuthValue>(() => {
    const perms = new Set(me?.permissions ?? []);
    return {
      status,
      me,
      mfaSetupRequired,
      can: (p) => perms.has(p),
      signedIn: (r) => {
        setCsrfToken(r.csrfToken);
        setMe(r.user);
        setMfa(r.mfaSetupRequired);
        setStatus('signedIn');
      },
      signOut: async () => {
        try {
          await authApi.logout();
        } catch {
          /* the session may already be gone */
        }
        clear();
        navRef.current('/login', { replace: true });
      },
      refresh,
      setMfaDone: () => {
        setMfa(false);
        setMe((m) => (m ? { ...m, totpEnabled: true } : m));
      },
    };
  }, [status, me, mfaSetupRequired, refresh, clear]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
