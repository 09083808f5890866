import {
  ActionItemParamsSchema,
  CreateActionItemSchema,
  CreateTalkingPointSchema,
  MarkOneOnOneHeldSchema,
  MeetingOneOnOneQuerySchema,
  MeetingOneOnOneSchema,
  OneOnOneAgendaSchema,
  OneOnOneHistoryQuerySchema,
  OneOnOneHistorySchema,
  PastOneOnOneParamsSchema,
  PastOneOnOneSchema,
  PrivateNotesQuerySchema,
  PrivateNotesSchema,
  UpdatePrivateNotesSchema,
  OneOnOneListSchema,
  OneOnOneParamsSchema,
  ScheduleOneOnOneSchema,
  TalkingPointParamsSchema,
  UpdateActionItemSchema,
  UpdateOneOnOneNotesSchema,
  UpdateTalkingPointSchema,
} from '../contract/index.js';
import type { Client } from '@microsoft/microsoft-graph-client';
import { ChatMembers } from '../graph/chat-members.js';
import type { ApiRouter } from '../http/api-router.js';
import { principalOf } from '../http/authenticate.js';
import type { OkrsRepo } from '../okrs/okrs.repo.js';
import type { OrgDirectory } from '../org/org.directory.js';
import type { SettingsService } from '../settings/settings.service.js';
import { OneOnOneHistoryRepo } from './oneonones.history.repo.js';
import { OneOnOneHistoryService } from './oneonones.history.service.js';
import { OneOnOneMeetingService } from './oneonones.meeting.js';
import { OneOnOnesRepo } from './oneonones.repo.js';
import { OneOnOnesService, type OnboardingStatusSource } from './oneonones.service.js';
import type { CalendarSource } from '../calendar/calendar.service.js';

/** Builds the 1:1 service from the shared pieces and registers its routes. */
export function mountOneOnOnes(
  api: ApiRouter,
  deps: {
    okrsRepo: OkrsRepo;
    settings: SettingsService;
    directory: OrgDirectory;
    onboarding?: OnboardingStatusSource;
    /** The pair's recurring 1:1 and time off from Outlook. */
    calendar?: CalendarSource;
    /** App-only Graph access (meeting chat members). */
    graphFor: (tenantId: string) => Client;
  },
): OneOnOnesService {
  const repo = new OneOnOnesRepo(deps.okrsRepo.readModel);
  const service = new OneOnOnesService(repo, deps.okrsRepo, deps.settings, deps.directory, deps.onboarding, deps.calendar);
  registerOneOnOneRoutes(api, service);
  registerOneOnOneHistoryRoutes(api, new OneOnOneHistoryService(new OneOnOneHistoryRepo(), repo, deps.directory));
  registerOneOnOneMeetingRoutes(api, new OneOnOneMeetingService(new ChatMembers(deps.graphFor), deps.directory, repo));
  return service;
}

/** The 1:1 API: the caller's 1:1s, a pair's agenda, talking points, shared notes, action items and holding a 1:1. */
export function registerOneOnOneRoutes(api: ApiRouter, service: OneOnOnesService): void {
  const agenda = api.schema('OneOnOneAgenda', OneOnOneAgendaSchema);
  const tags = ['one-on-ones'];
  const base = '/one-on-ones/:managerId/:reportId';

  api.route({
    method: 'get',
    path: '/one-on-ones',
    operationId: 'listOneOnOnes',
    summary: "The caller's 1:1s: with each direct report (next one first) and with their own manager",
    tags,
    response: { status: 200, schema: api.schema('OneOnOneList', OneOnOneListSchema), description: 'The 1:1s' },
    handler: (req) => service.list(principalOf(req)),
  });
  api.route({
    method: 'get',
    path: base,
    operationId: 'getOneOnOneAgenda',
    summary:
      'The agenda of a manager–report pair: items built from OKRs and the weekly mail, talking points, notes, action items (the pair only)',
    tags,
    params: OneOnOneParamsSchema,
    errors: [404],
    response: { status: 200, schema: agenda, description: 'The agenda' },
    handler: (req) => service.agenda(principalOf(req), req.params.managerId, req.params.reportId),
  });
  api.route({
    method: 'put',
    path: `${base}/schedule`,
    operationId: 'scheduleOneOnOne',
    summary: 'Set the next 1:1 date (null follows the cadence) and/or the cadence',
    tags,
    params: OneOnOneParamsSchema,
    body: api.schema('ScheduleOneOnOne', ScheduleOneOnOneSchema),
    errors: [404, 409],
    response: { status: 200, schema: agenda, description: 'The agenda after the change' },
    handler: (req) => service.schedule(principalOf(req), req.params.managerId, req.params.reportId, req.body),
  });
  api.route({
    method: 'post',
    path: `${base}/talking-points`,
    operationId: 'addTalkingPoint',
    summary: 'Add a talking point to the upcoming 1:1 (either side)',
    tags,
    params: OneOnOneParamsSchema,
    body: api.schema('CreateTalkingPoint', CreateTalkingPointSchema),
    errors: [404, 409],
    response: { status: 201, schema: agenda, description: 'The agenda with the new talking point' },
    handler: (req) => service.addTalkingPoint(principalOf(req), req.params.managerId, req.params.reportId, req.body),
  });
  api.route({
    method: 'patch',
    path: `${base}/talking-points/:itemId`,
    operationId: 'updateTalkingPoint',
    summary: 'Edit a talking point (its author) or resolve / reopen it (either side)',
    tags,
    params: TalkingPointParamsSchema,
    body: api.schema('UpdateTalkingPoint', UpdateTalkingPointSchema),
    errors: [403, 404, 409],
    response: { status: 200, schema: agenda, description: 'The agenda after the change' },
    handler: (req) => service.updateTalkingPoint(principalOf(req), req.params.managerId, req.params.reportId, req.params.itemId, req.body),
  });
  api.route({
    method: 'delete',
    path: `${base}/talking-points/:itemId`,
    operationId: 'deleteTalkingPoint',
    summary: 'Delete a talking point (its author)',
    tags,
    params: TalkingPointParamsSchema,
    errors: [403, 404, 409],
    response: { status: 200, schema: agenda, description: 'The agenda after the change' },
    handler: (req) => service.deleteTalkingPoint(principalOf(req), req.params.managerId, req.params.reportId, req.params.itemId),
  });
  api.route({
    method: 'put',
    path: `${base}/notes`,
    operationId: 'updateOneOnOneNotes',
    summary: 'Replace the shared notes of the upcoming 1:1 (409 when someone saved since the version sent)',
    tags,
    params: OneOnOneParamsSchema,
    body: api.schema('UpdateOneOnOneNotes', UpdateOneOnOneNotesSchema),
    errors: [404, 409],
    response: { status: 200, schema: agenda, description: 'The agenda with the saved notes' },
    handler: (req) => service.updateNotes(principalOf(req), req.params.managerId, req.params.reportId, req.body),
  });
  api.route({
    method: 'post',
    path: `${base}/action-items`,
    operationId: 'addActionItem',
    summary: 'Add an action item owned by the manager or the report',
    tags,
    params: OneOnOneParamsSchema,
    body: api.schema('CreateActionItem', CreateActionItemSchema),
    errors: [404, 409],
    response: { status: 201, schema: agenda, description: 'The agenda with the new action item' },
    handler: (req) => service.addActionItem(principalOf(req), req.params.managerId, req.params.reportId, req.body),
  });
  api.route({
    method: 'patch',
    path: `${base}/action-items/:itemId`,
    operationId: 'updateActionItem',
    summary: 'Edit an action item (creator or owner), or complete / reopen it with `done` (either side)',
    tags,
    params: ActionItemParamsSchema,
    body: api.schema('UpdateActionItem', UpdateActionItemSchema),
    errors: [403, 404, 409],
    response: { status: 200, schema: agenda, description: 'The agenda after the change' },
    handler: (req) => service.updateActionItem(principalOf(req), req.params.managerId, req.params.reportId, req.params.itemId, req.body),
  });
  api.route({
    method: 'delete',
    path: `${base}/action-items/:itemId`,
    operationId: 'deleteActionItem',
    summary: 'Delete an action item (its creator)',
    tags,
    params: ActionItemParamsSchema,
    errors: [403, 404, 409],
    response: { status: 200, schema: agenda, description: 'The agenda after the change' },
    handler: (req) => service.deleteActionItem(principalOf(req), req.params.managerId, req.params.reportId, req.params.itemId),
  });
  api.route({
    method: 'post',
    path: `${base}/held`,
    operationId: 'markOneOnOneHeld',
    summary: 'Mark the upcoming 1:1 held and start the next: open action items and unresolved talking points carry over',
    tags,
    params: OneOnOneParamsSchema,
    body: api.schema('MarkOneOnOneHeld', MarkOneOnOneHeldSchema),
    errors: [404, 409],
    response: { status: 200, schema: agenda, description: 'The agenda of the next 1:1' },
    handler: (req) => service.markHeld(principalOf(req), req.params.managerId, req.params.reportId, req.body),
  });
}

/** The pair's past 1:1s (browse, search, one as it was) and each side's private notes. */
export function registerOneOnOneHistoryRoutes(api: ApiRouter, service: OneOnOneHistoryService): void {
  const tags = ['one-on-ones'];
  const base = '/one-on-ones/:managerId/:reportId';
  const privateNotes = api.schema('PrivateNotes', PrivateNotesSchema);

  api.route({
    method: 'get',
    path: `${base}/history`,
    operationId: 'listPastOneOnOnes',
    summary:
      "The pair's held 1:1s, newest first, a page at a time; `q` keeps those whose notes, talking points, action items or agenda match",
    tags,
    params: OneOnOneParamsSchema,
    query: OneOnOneHistoryQuerySchema,
    errors: [404],
    response: { status: 200, schema: api.schema('OneOnOneHistory', OneOnOneHistorySchema), description: 'A page of held 1:1s' },
    handler: (req) => service.list(principalOf(req), req.params.managerId, req.params.reportId, req.query),
  });
  api.route({
    method: 'get',
    path: `${base}/history/:occurrence`,
    operationId: 'getPastOneOnOne',
    summary: "One held 1:1 as it was (agenda, notes, talking points, action items with their outcome) with the caller's own private notes",
    tags,
    params: PastOneOnOneParamsSchema,
    errors: [404],
    response: { status: 200, schema: api.schema('PastOneOnOne', PastOneOnOneSchema), description: 'The held 1:1' },
    handler: (req) => service.get(principalOf(req), req.params.managerId, req.params.reportId, req.params.occurrence),
  });
  api.route({
    method: 'get',
    path: `${base}/private-notes`,
    operationId: 'getPrivateOneOnOneNotes',
    summary: "The caller's own private notes of the upcoming 1:1 or of a held one (nobody else ever reads them)",
    tags,
    params: OneOnOneParamsSchema,
    query: PrivateNotesQuerySchema,
    errors: [404],
    response: { status: 200, schema: privateNotes, description: 'Your private notes' },
    handler: (req) => service.privateNotes(principalOf(req), req.params.managerId, req.params.reportId, req.query),
  });
  api.route({
    method: 'put',
    path: `${base}/private-notes`,
    operationId: 'savePrivateOneOnOneNotes',
    summary: "Replace the caller's own private notes of one 1:1 (409 when they were saved since the version sent)",
    tags,
    params: OneOnOneParamsSchema,
    body: api.schema('UpdatePrivateNotes', UpdatePrivateNotesSchema),
    errors: [404, 409],
    response: { status: 200, schema: privateNotes, description: 'Your saved private notes' },
    handler: (req) => service.savePrivateNotes(principalOf(req), req.params.managerId, req.params.reportId, req.body),
  });
}

/** The 1:1 a Teams meeting is for (the meeting app's side panel and details tab). */
export function registerOneOnOneMeetingRoutes(api: ApiRouter, service: OneOnOneMeetingService): void {
  api.route({
    method: 'get',
    path: '/one-on-ones/by-meeting',
    operationId: 'getOneOnOneByMeeting',
    summary:
      "The manager–report pair a Teams meeting is for, found from the meeting chat's members: the caller and their one direct manager or report there",
    tags: ['one-on-ones'],
    query: MeetingOneOnOneQuerySchema,
    errors: [404],
    response: {
      status: 200,
      schema: api.schema('MeetingOneOnOne', MeetingOneOnOneSchema),
      description: 'The pair, or why the meeting is not a 1:1 of the caller',
    },
    handler: (req) => service.byMeeting(principalOf(req), req.query.chatId),
  });
}
