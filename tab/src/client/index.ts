/** Browser client code shared by the tab and the add-in: API access and sign-in. */
export * from './api';
export * from './naa-token-provider';
export * from './token-provider';
