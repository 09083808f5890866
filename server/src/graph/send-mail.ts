import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';

/** One recipient of a mail. */
export interface MailRecipient {
  name: string;
  address: string;
}

/** An HTML mail to send from a user's mailbox. */
export interface OutgoingMail {
  subject: string;
  /** The body, already escaped and safe to send as HTML. */
  html: string;
  to: readonly MailRecipient[];
  /** Keep a copy in the sender's Sent Items (Graph's default). */
  saveToSentItems?: boolean;
  /** Sent as `client-request-id`, so a delivery can be matched with Graph's logs. */
  clientRequestId?: string;
}

/** Thrown when Graph refuses a mail; `status` is Graph's HTTP status (0 when none arrived). */
export class SendMailError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'SendMailError';
  }
}

/** Sends mail through Microsoft Graph `POST /users/{sender}/sendMail` with app-only `Mail.Send`. */
export class GraphMailer {
  constructor(private readonly graphFor: (tenantId: string) => Client) {}

  /** Sends the mail from `senderId`'s mailbox; resolves with Graph's `request-id` once Graph accepted it (202). */
  async send(tenantId: string, senderId: string, mail: OutgoingMail): Promise<{ requestId: string | null }> {
    let request = this.graphFor(tenantId)
      .api(`/users/${encodeURIComponent(senderId)}/sendMail`)
      .responseType(ResponseType.RAW);
    if (mail.clientRequestId) request = request.header('client-request-id', mail.clientRequestId);
    let response: Response;
    try {
      response = (await request.post({
        message: {
          subject: mail.subject,
          body: { contentType: 'HTML', content: mail.html },
          toRecipients: mail.to.map((recipient) => ({ emailAddress: { name: recipient.name, address: recipient.address } })),
        },
        saveToSentItems: mail.saveToSentItems ?? true,
      })) as Response;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode ?? 0;
      throw new SendMailError(`sendMail failed: ${(error as Error).message}`, status);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new SendMailError(`sendMail answered ${response.status}: ${text.slice(0, 300)}`, response.status);
    }
    await response.body?.cancel().catch(() => undefined);
    return { requestId: response.headers.get('request-id') };
  }
}
