/** Facts about the Teams app shared by the server and the app manifest. */
export * from './activities.js';
export * from './app-id.js';
