// The app version written into every export manifest.
export const APP_VERSION = '0.1.0';
