export { alertmanagerFiles, routingCases, receiversFile, ROUTING_TEST_ALERT } from './alertmanager-files';
export type { RoutingCase, RoutingTests, ReceiversFile } from './alertmanager-files';
export { alertmanagerConfig, GROUP_BY } from './alertmanager-config';
export type { AlertmanagerConfig, RouteNode, InhibitRule } from './alertmanager-config';
export { alertmanagerConfigsLoad, checkAlertmanager, routesOfLoaded, validateAlertmanager, CONFIG_CHECK, ROUTES_CHECK } from './check-alertmanager';
export type { AlertmanagerVerdict } from './check-alertmanager';
export { INHIBITING_ALERTS, NOTIFIER_CHANNEL, NOTIFIER_CHANNEL_TEXT, TICKET_TWINS, PAGING_CHANNEL_TYPES, SEVERITIES, TIER_RULES, routeOf, receivers } from './routing-policy';
export type { Receiver, ReceiverClass, RouteLabels } from './routing-policy';
