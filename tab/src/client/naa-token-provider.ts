import { createNestablePublicClientApplication, InteractionRequiredAuthError, type IPublicClientApplication } from '@azure/msal-browser';
import type { TokenProvider } from './token-provider';

/** What nested app authentication needs to know about our Entra app. */
export interface NaaTokenProviderOptions {
  clientId: string;
  authority: string;
  scopes: string[];
}

/**
 * A token provider using nested app authentication: inside a host that offers the NAA bridge
 * (Teams, Outlook) the host acquires the token; elsewhere MSAL falls back to its browser flows.
 */
export function createNaaTokenProvider(options: NaaTokenProviderOptions): TokenProvider {
  let application: Promise<IPublicClientApplication> | undefined;
  const getApplication = (): Promise<IPublicClientApplication> =>
    (application ??= createNestablePublicClientApplication({
      auth: { clientId: options.clientId, authority: options.authority },
    }));

  return {
    async getAccessToken() {
      const msal = await getApplication();
      const request = { scopes: options.scopes };
      try {
        return (await msal.acquireTokenSilent(request)).accessToken;
      } catch (error) {
        if (!(error instanceof InteractionRequiredAuthError)) throw error;
        return (await msal.acquireTokenPopup(request)).accessToken;
      }
    },
  };
}
