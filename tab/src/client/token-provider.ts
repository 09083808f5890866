/** Supplies access tokens for our API; hides how they are obtained (NAA, a test stub, …). */
export interface TokenProvider {
  /** An access token for the API scope; may show a host or browser popup when consent is needed. */
  getAccessToken(): Promise<string>;
}
