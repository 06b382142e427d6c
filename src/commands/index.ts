/** Every handler, by the command id that names it in grammar/. */
import { analogCommands } from './analog-commands';
import { callCommands } from './call-commands';
import { dnsCommands } from './dns-commands';
import { sessionCommands } from './session-commands';
import { sipCommands } from './sip-commands';
import { sshCommands } from './ssh-commands';
import { HandlerTable } from './types';

export const allHandlers: HandlerTable = { ...sessionCommands, ...sipCommands, ...analogCommands, ...dnsCommands, ...sshCommands, ...callCommands };
