// The process handling lives in @jetway/processes (services run such processes too); fixtures import it from here.
export { NatsProcess, portOpen, type NatsProcessOptions } from '@jetway/processes';
