/** One HTTP request the load generator may send. */
export interface EndpointRequest {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  token?: string;
  body?: string;
}

/** A measured endpoint: the requests the load rotates over. */
export interface BenchEndpoint {
  name: string;
  requests: EndpointRequest[];
}

/** What the bench server prints when it is ready. */
export interface BenchReady {
  baseUrl: string;
  /** Every instance's base URL (the first is `baseUrl`); more than one with BENCH_INSTANCES. */
  baseUrls: string[];
  tenants: Array<{
    size: number;
    counts: { objectives: number; keyResults: number; checkIns: number; weeklyReports: number };
    seedMs: number;
    managerReports: number;
    endpoints: BenchEndpoint[];
    /** Database commands of one request per endpoint, and its HTTP status. */
    commands: Record<string, { total: number; byTarget: Record<string, number>; status: number }>;
  }>;
}
