import { z } from 'zod';
import {
  AddReviewCommentSchema,
  AnswerLessonSchema,
  AnswerResultSchema,
  CohortQuerySchema,
  CohortSchema,
  CourseSchema,
  CreateCourseworkObjectiveSchema,
  CreateKeyResultSchema,
  EnrolPersonSchema,
  EnrolmentSchema,
  EnrolmentStatusSchema,
  IdParamsSchema,
  LessonParamsSchema,
  OnboardingPersonParamsSchema,
  OnboardingTeamQuerySchema,
  OnboardingTeamSchema,
  ReviewCourseworkSchema,
  ReviewQueueSchema,
  SubmitCourseworkSchema,
  UpdateCourseworkObjectiveSchema,
  UpdateKeyResultSchema,
  VersionQuerySchema,
} from '../contract/index.js';
import type { ApiRouter } from '../http/api-router.js';
import { principalOf } from '../http/authenticate.js';
import type { OnboardingService } from './onboarding.service.js';

/** The onboarding coursework API: the course, the new hire's coursework, HR review and the cohort. */
export function registerOnboardingRoutes(api: ApiRouter, service: OnboardingService): void {
  const enrolment = api.schema('Enrolment', EnrolmentSchema);
  const status = api.schema('EnrolmentStatus', EnrolmentStatusSchema);
  const tags = ['onboarding'];

  api.route({
    method: 'get',
    path: '/onboarding/lessons',
    operationId: 'getOnboardingCourse',
    summary: 'The onboarding course: lessons with their check questions (answers are checked by the server)',
    tags,
    response: { status: 200, schema: api.schema('Course', CourseSchema), description: 'The lessons, in order' },
    handler: () => service.course(),
  });
  api.route({
    method: 'get',
    path: '/onboarding/me',
    operationId: 'getMyCoursework',
    summary: "The caller's coursework; enrols them on first access when hired within the enrolment window (404 otherwise)",
    tags,
    errors: [404],
    response: { status: 200, schema: enrolment, description: 'The coursework' },
    handler: (req) => service.me(principalOf(req)),
  });
  api.route({
    method: 'post',
    path: '/onboarding/me/lessons/:lessonId/answer',
    operationId: 'answerLesson',
    summary: "Answer a lesson's check question; progress is saved per lesson",
    tags,
    params: LessonParamsSchema,
    body: api.schema('AnswerLesson', AnswerLessonSchema),
    errors: [404],
    response: { status: 200, schema: api.schema('AnswerResult', AnswerResultSchema), description: 'Right or wrong, and why' },
    handler: (req) => service.answer(principalOf(req), req.params.lessonId, req.body),
  });
  api.route({
    method: 'post',
    path: '/onboarding/me/objectives',
    operationId: 'createCourseworkObjective',
    summary: 'Write a coursework objective (a draft person objective in the coursework period); the coach runs on the result',
    tags,
    body: api.schema('CreateCourseworkObjective', CreateCourseworkObjectiveSchema),
    errors: [403, 404, 409],
    response: { status: 201, schema: enrolment, description: 'The coursework with coach findings' },
    handler: (req) => service.createObjective(principalOf(req), req.body),
  });
  api.route({
    method: 'patch',
    path: '/onboarding/me/objectives/:id',
    operationId: 'updateCourseworkObjective',
    summary: 'Change a coursework objective (409 when stale, submitted or passed)',
    tags,
    params: IdParamsSchema,
    body: api.schema('UpdateCourseworkObjective', UpdateCourseworkObjectiveSchema),
    errors: [403, 404, 409],
    response: { status: 200, schema: enrolment, description: 'The coursework with coach findings' },
    handler: (req) => service.updateObjective(principalOf(req), req.params.id, req.body),
  });
  api.route({
    method: 'delete',
    path: '/onboarding/me/objectives/:id',
    operationId: 'deleteCourseworkObjective',
    summary: 'Remove a draft coursework objective with its key results',
    tags,
    params: IdParamsSchema,
    query: VersionQuerySchema,
    errors: [404, 409],
    response: { status: 200, schema: enrolment, description: 'The coursework with coach findings' },
    handler: (req) => service.deleteObjective(principalOf(req), req.params.id, req.query.version),
  });
  api.route({
    method: 'post',
    path: '/onboarding/me/objectives/:id/key-results',
    operationId: 'createCourseworkKeyResult',
    summary: 'Add a key result to a coursework objective',
    tags,
    params: IdParamsSchema,
    body: CreateKeyResultSchema,
    errors: [403, 404, 409],
    response: { status: 201, schema: enrolment, description: 'The coursework with coach findings' },
    handler: (req) => service.addKeyResult(principalOf(req), req.params.id, req.body),
  });
  api.route({
    method: 'patch',
    path: '/onboarding/me/key-results/:id',
    operationId: 'updateCourseworkKeyResult',
    summary: 'Change a coursework key result (409 when stale, submitted or passed)',
    tags,
    params: IdParamsSchema,
    body: UpdateKeyResultSchema,
    errors: [403, 404, 409],
    response: { status: 200, schema: enrolment, description: 'The coursework with coach findings' },
    handler: (req) => service.updateKeyResult(principalOf(req), req.params.id, req.body),
  });
  api.route({
    method: 'delete',
    path: '/onboarding/me/key-results/:id',
    operationId: 'deleteCourseworkKeyResult',
    summary: 'Delete a coursework key result',
    tags,
    params: IdParamsSchema,
    query: VersionQuerySchema,
    errors: [403, 404, 409],
    response: { status: 200, schema: enrolment, description: 'The coursework with coach findings' },
    handler: (req) => service.deleteKeyResult(principalOf(req), req.params.id, req.query.version),
  });
  api.route({
    method: 'post',
    path: '/onboarding/me/submit',
    operationId: 'submitCoursework',
    summary: 'Submit the coursework for HR review (422 with the findings while the coach reports errors; 409 before all lessons pass)',
    tags,
    body: api.schema('SubmitCoursework', SubmitCourseworkSchema),
    errors: [404, 409, 422],
    response: { status: 200, schema: enrolment, description: 'The submitted coursework' },
    handler: (req) => service.submit(principalOf(req), req.body),
  });
  api.route({
    method: 'get',
    path: '/onboarding/queue',
    operationId: 'getOnboardingReviewQueue',
    summary: 'HR: submissions waiting for review, oldest first',
    tags,
    errors: [403],
    response: { status: 200, schema: api.schema('OnboardingReviewQueue', ReviewQueueSchema), description: 'The queue' },
    handler: (req) => service.queue(principalOf(req)),
  });
  api.route({
    method: 'get',
    path: '/onboarding/cohort',
    operationId: 'getOnboardingCohort',
    summary: 'HR: the cohort by status (not started, in progress, submitted, changes requested, passed, overdue)',
    tags,
    query: CohortQuerySchema,
    errors: [403],
    response: { status: 200, schema: api.schema('OnboardingCohort', CohortSchema), description: 'Counts and people' },
    handler: (req) => service.cohort(principalOf(req), req.query),
  });
  api.route({
    method: 'get',
    path: '/onboarding/cohort/export',
    operationId: 'exportOnboardingCohort',
    summary: 'HR: the filtered cohort as CSV',
    tags,
    query: CohortQuerySchema,
    errors: [403],
    response: { status: 200, schema: z.string(), contentType: 'text/csv', description: 'CSV file' },
    handler: async (req, res) => {
      const file = await service.cohortCsv(principalOf(req), req.query);
      res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="onboarding-cohort.csv"');
      res.send(file);
    },
  });
  api.route({
    method: 'get',
    path: '/onboarding/team',
    operationId: 'getOnboardingTeam',
    summary:
      "A manager's enrolled new hires (direct reports, or everyone below with `scope=subtree`): status only, never the coursework or HR's comments",
    tags,
    query: OnboardingTeamQuerySchema,
    response: { status: 200, schema: api.schema('OnboardingTeam', OnboardingTeamSchema), description: 'The new hires' },
    handler: (req) => service.team(principalOf(req), req.query),
  });
  api.route({
    method: 'post',
    path: '/onboarding/enrolments',
    operationId: 'enrolInOnboarding',
    summary: 'HR: enrol a person by hand (409 when already enrolled or when the account is disabled)',
    tags,
    body: api.schema('EnrolPerson', EnrolPersonSchema),
    errors: [403, 404, 409],
    response: { status: 201, schema: enrolment, description: 'The new enrolment' },
    handler: (req) => service.enrol(principalOf(req), req.body),
  });
  api.route({
    method: 'get',
    path: '/onboarding/enrolments/:personId',
    operationId: 'getCoursework',
    summary: "A new hire's coursework (the new hire and HR; anyone else 404)",
    tags,
    params: OnboardingPersonParamsSchema,
    errors: [404],
    response: { status: 200, schema: enrolment, description: 'The coursework' },
    handler: (req) => service.enrolment(principalOf(req), req.params.personId),
  });
  api.route({
    method: 'get',
    path: '/onboarding/enrolments/:personId/status',
    operationId: 'getCourseworkStatus',
    summary: "A new hire's coursework status (the new hire, their managers and HR; anyone else 404)",
    tags,
    params: OnboardingPersonParamsSchema,
    errors: [404],
    response: { status: 200, schema: status, description: 'The status' },
    handler: (req) => service.status(principalOf(req), req.params.personId),
  });
  api.route({
    method: 'post',
    path: '/onboarding/enrolments/:personId/comments',
    operationId: 'commentOnCoursework',
    summary: 'HR: comment on one objective or key result of a submission',
    tags,
    params: OnboardingPersonParamsSchema,
    body: api.schema('AddReviewComment', AddReviewCommentSchema),
    errors: [403, 404, 409],
    response: { status: 201, schema: enrolment, description: 'The coursework with the comment' },
    handler: (req) => service.comment(principalOf(req), req.params.personId, req.body),
  });
  api.route({
    method: 'post',
    path: '/onboarding/enrolments/:personId/review',
    operationId: 'reviewCoursework',
    summary: 'HR: pass a submission (its OKRs become active) or request changes',
    tags,
    params: OnboardingPersonParamsSchema,
    body: api.schema('ReviewCoursework', ReviewCourseworkSchema),
    errors: [403, 404, 409],
    response: { status: 200, schema: enrolment, description: 'The reviewed coursework' },
    handler: (req) => service.review(principalOf(req), req.params.personId, req.body),
  });
}
