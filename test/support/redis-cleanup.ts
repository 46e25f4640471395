export { deleteQueueKeys as deleteQueuePrefix } from '../../src/demo/queue-reset';
