export {
  parseMessaging,
  messagingSchema,
  scopeOf,
  inScope,
  MessagingDeclarationError,
  type MessagingDeclaration,
  type MessagingDeclarationInput,
  type MessagingScope,
  type DeclaredStream,
  type DeclaredConsumer,
  type DeclaredKv,
} from '@jetway/contracts';
export { planMessaging, describePlan, hashOf, type MessagingPlan, type MessagingChange, type ActualMessaging, type ChangeAction, type ChangeKind, type SettingDifference } from './messaging-plan';
export { readActual, applyMessaging, PlanHashMismatchError, type AppliedChange } from './jetstream.driver';
export { verifyMessaging, PROBE_HEADER, type VerifyReport, type ProbeCheck, type VerifyOptions } from './verify.driver';
