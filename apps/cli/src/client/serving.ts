/** Per environment: undefined when its URL answers, else why not ("connect ECONNREFUSED", "503 no backend …"). */
export type Serving = Readonly<Record<string, string | undefined>>;

/**
 * Asks each URL once (2 s at most): a URL whose service stopped, or that the router has no
 * backend for, is reported "not serving" instead of shown as if it worked.
 */
export async function servingOf(urls: Readonly<Record<string, string>>, timeoutMs = 2_000): Promise<Serving> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([environment, url]) => {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        const body = response.status >= 500 ? (await response.text()).trim().split('\n')[0]?.slice(0, 120) : undefined;
        await response.body?.cancel().catch(() => undefined);
        return [environment, response.status >= 500 ? `${response.status}${body ? ` ${body}` : ''}` : undefined] as const;
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        return [environment, cause ? `connect ${cause}` : (error as Error).message] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}
