import type { FactoryProvider } from '@nestjs/common';
import type { NotificationChannel, Notifier, NotifyDeps } from './use-cases';

/** A DI token that carries the type it provides, so `providerFor` checks both sides. */
export type Token<T> = symbol & { readonly __provides?: T };
/** What a factory may inject: a typed token, or a class (its prototype gives the type). */
type Dependency<T> = Token<T> | { readonly prototype: T };

/** One driver per channel behind the `Notifier` port. */
export const NOTIFIER: { readonly [C in NotificationChannel]: Token<Notifier<C>> } = {
  slack: Symbol('jetway.notifier.slack') as Token<Notifier<'slack'>>,
  pagerduty: Symbol('jetway.notifier.pagerduty') as Token<Notifier<'pagerduty'>>,
  webhook: Symbol('jetway.notifier.webhook') as Token<Notifier<'webhook'>>,
};
/** Everything the notify use cases need, assembled once. */
export const NOTIFY_DEPS = Symbol('jetway.notifier.deps') as Token<NotifyDeps>;

/** A factory provider whose injected dependencies and product are type-checked against the tokens. */
export function providerFor<T, D extends unknown[]>(
  token: Token<T>,
  inject: { [K in keyof D]: Dependency<D[K]> },
  useFactory: (...deps: D) => T,
): FactoryProvider<T> {
  return { provide: token, inject: inject as FactoryProvider['inject'], useFactory: useFactory as (...args: unknown[]) => T };
}
