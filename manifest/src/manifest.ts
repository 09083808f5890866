import type { TeamsManifestV1D30 } from '@microsoft/app-manifest';
import { ACTIVITY_TYPES } from '@northstar/server/teams';
import type { PackageEnv } from './env.js';
import { ACCENT_COLOR, APP_ICONS, RIBBON_ICON_SIZES, ribbonIconFile } from './icons.js';
import { ICONS_URL_PATH } from './paths.js';

/** The manifest schema version: the newest released (non-preview) one `@microsoft/app-manifest` bundles. */
export const MANIFEST_SCHEMA_VERSION = '1.30';
/** Microsoft's URL of that schema; `@microsoft/app-manifest` resolves it to its bundled copy. */
export const MANIFEST_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_SCHEMA_VERSION}/MicrosoftTeams.schema.json`;

/** The unified app manifest, typed by the schema version it declares. */
export type AppManifest = TeamsManifestV1D30.TeamsManifestV1D30;

/** Mailbox requirement set of the add-in: `OnMessageSend` (Smart Alerts) needs 1.12, the task pane 1.3. */
export const MAILBOX_MIN_VERSION = '1.12';
/** Action run by the event runtime on `messageSending`; `Office.actions.associate` must use the same id. */
export const SEND_HANDLER_ACTION_ID = 'onMessageSendHandler';
/** Action of the ribbon button: opens the task pane. */
export const TASKPANE_ACTION_ID = 'openNorthstarTaskpane';
/** What Outlook does when the send handler objects: the user is asked and may send anyway (`block` is not allowed in the store). */
export const SEND_MODE = 'promptUser';
/** Resource-specific consent the add-in asks for (read and write the item being composed). */
export const MAILBOX_PERMISSION = 'MailboxItem.ReadWrite.User';
/**
 * Resource-specific consent of the meeting app: the server reads the members of the meeting chat the app was added to
 * (`GET /chats/{id}/members`, app-only) to find the manager–report pair of a 1:1. Granted per meeting when the app is
 * added to it, so Northstar needs no tenant-wide `ChatMember.Read.All`.
 */
export const MEETING_MEMBERS_PERMISSION = 'ChatMember.Read.Chat';
/**
 * Resource-specific consent of the team app for the Friday wins digest: post it in the bound channel (app-only) and, where a
 * team did not grant that, notify the team's members in their activity feed.
 */
export const WINS_DIGEST_PERMISSIONS = ['ChannelMessage.Send.Group', 'TeamsActivity.Send.Group'] as const;
/** Where the configurable tab appears: a channel, a group chat, and a meeting's chat, details tab and side panel (the 1:1 agenda). */
export const CONFIGURABLE_TAB_CONTEXTS = [
  'channelTab',
  'privateChatTab',
  'meetingChatTab',
  'meetingDetailsTab',
  'meetingSidePanel',
] as const;

/** Builds the complete app manifest for one deployment; every URL and id comes from `env`. */
export function buildManifest(env: PackageEnv, version: string): AppManifest {
  const at = (path: string) => `${env.hostUrl}${path}`;
  const ribbonIcons = RIBBON_ICON_SIZES.map((size) => ({ size, url: at(`${ICONS_URL_PATH}${ribbonIconFile(size)}`) }));
  const mailboxRequirement = { capabilities: [{ name: 'Mailbox', minVersion: MAILBOX_MIN_VERSION }], scopes: ['mail' as const] };

  return {
    $schema: MANIFEST_SCHEMA_URL,
    manifestVersion: MANIFEST_SCHEMA_VERSION,
    version,
    id: env.appId,
    developer: {
      name: env.developerName,
      websiteUrl: at('/'),
      privacyUrl: at('/privacy'),
      termsOfUseUrl: at('/terms'),
    },
    name: { short: 'Northstar', full: 'Northstar: OKRs, 1:1s and weekly updates' },
    description: {
      short: 'Keep OKRs current, prepare 1:1s in Teams, write the weekly OKR mail in Outlook.',
      full:
        'Northstar is an open-source OKR companion for Microsoft 365. In Teams, managers see their ' +
        "team's objectives and key results and get a 1:1 agenda built from them: key results at risk, " +
        "missing check-ins, last week's priorities and open action items. In Outlook, the add-in fills " +
        'the weekly OKR mail from your stored key results, confidence and priorities; what you edit there ' +
        "is saved back as this week's check-ins, and the mail is recorded as sent when you send it. " +
        "Added to a 1:1 meeting, Northstar finds the manager and report among the meeting's members and shows their agenda " +
        "in the meeting's side panel and details tab. " +
        'HR follows the OKR coursework that new hires take during onboarding. Northstar reads your ' +
        'organization chart from Microsoft Graph and keeps OKR data in the database of the Northstar server ' +
        'that hosts this app. OKRs are for focus and alignment: Northstar never scores or ranks people by them.',
    },
    icons: { color: APP_ICONS.color.file, outline: APP_ICONS.outline.file },
    accentColor: ACCENT_COLOR,
    staticTabs: [
      {
        entityId: 'home',
        name: 'Home',
        contentUrl: at('/tab/'),
        websiteUrl: at('/tab/'),
        scopes: ['personal'],
      },
    ],
    configurableTabs: [
      {
        configurationUrl: at('/tab/config'),
        canUpdateConfiguration: true,
        scopes: ['team', 'groupChat'],
        context: [...CONFIGURABLE_TAB_CONTEXTS],
      },
    ],
    validDomains: [env.host],
    webApplicationInfo: {
      id: env.entraClientId,
      resource: `api://${env.host}/${env.entraClientId}`,
      nestedAppAuthInfo: [{ redirectUri: env.hostUrl, scopes: [`api://${env.entraClientId}/${env.apiScope}`] }],
    },
    showLoadingIndicator: true,
    activities: {
      activityTypes: Object.entries(ACTIVITY_TYPES).map(([type, { description, templateText }]) => ({ type, description, templateText })),
    },
    authorization: {
      permissions: {
        resourceSpecific: [
          { name: MAILBOX_PERMISSION, type: 'Delegated' },
          { name: MEETING_MEMBERS_PERMISSION, type: 'Application' },
          ...WINS_DIGEST_PERMISSIONS.map((name) => ({ name, type: 'Application' as const })),
        ],
      },
    },
    extensions: [
      {
        requirements: mailboxRequirement,
        runtimes: [
          {
            id: 'TaskPaneRuntime',
            type: 'general',
            code: { page: at('/addin/') },
            lifetime: 'short',
            actions: [{ id: TASKPANE_ACTION_ID, type: 'openPage' }],
          },
          {
            id: 'EventRuntime',
            type: 'general',
            code: { page: at('/addin/events.html'), script: at('/addin/events.js') },
            lifetime: 'short',
            actions: [{ id: SEND_HANDLER_ACTION_ID, type: 'executeFunction' }],
          },
        ],
        ribbons: [
          {
            contexts: ['mailCompose'],
            tabs: [
              {
                builtInTabId: 'TabDefault',
                groups: [
                  {
                    id: 'northstarComposeGroup',
                    label: 'Northstar',
                    icons: ribbonIcons,
                    controls: [
                      {
                        id: 'northstarOpenTaskpane',
                        type: 'button',
                        label: 'Weekly OKR mail',
                        icons: ribbonIcons,
                        supertip: {
                          title: 'Weekly OKR mail',
                          description: 'Fill this message with your OKRs, confidence and priorities for the week.',
                        },
                        actionId: TASKPANE_ACTION_ID,
                      },
                    ],
                  },
                ],
              },
            ],
          },
        ],
        autoRunEvents: [
          {
            requirements: mailboxRequirement,
            events: [{ type: 'messageSending', actionId: SEND_HANDLER_ACTION_ID, options: { sendMode: SEND_MODE } }],
          },
        ],
      },
    ],
  };
}
