export { waitFor } from '@jetway/processes';
