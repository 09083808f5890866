import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a skip token or delta token stands for; opaque to clients. */
export type PageCursor =
  /** `/users` paging. */
  | { kind: 'users'; tenantId: string; epoch: number; offset: number; pageSize: number; select: string[] | null }
  /** `/users/{id}/directReports` paging. */
  | {
      kind: 'reports';
      tenantId: string;
      epoch: number;
      managerId: string;
      offset: number;
      pageSize: number;
      select: string[] | null;
    }
  /** Next page of a full delta sync over the snapshot pinned at `version`. */
  | { kind: 'fullSync'; tenantId: string; epoch: number; version: number; offset: number; pageSize: number; select: string[] | null }
  /** Next page of the changes after `from` up to `to`. */
  | {
      kind: 'changes';
      tenantId: string;
      epoch: number;
      from: number;
      to: number;
      offset: number;
      pageSize: number;
      select: string[] | null;
    }
  /** A delta link: everything after `version`. */
  | { kind: 'deltaLink'; tenantId: string; epoch: number; version: number; pageSize: number; select: string[] | null };

/** Signs and reads page cursors with a per-process key, so tokens cannot be forged or edited. */
export class CursorCodec {
  private readonly key = randomBytes(32);

  /** Encodes a cursor as `base64url(json).base64url(mac)`. */
  encode(cursor: PageCursor): string {
    const body = Buffer.from(JSON.stringify(cursor)).toString('base64url');
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  /** Decodes a token, or returns null when it is malformed or its signature does not match. */
  decode(token: string): PageCursor | null {
    const dot = token.indexOf('.');
    if (dot <= 0) return null;
    const body = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = this.mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as PageCursor;
    } catch {
      return null;
    }
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, 16);
  }
}
