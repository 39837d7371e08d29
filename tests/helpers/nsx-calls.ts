/**
 * The NSX auth record API's path (for fault injection) and the emulator's labels of its calls (for
 * counting them), shared by the NsxAuthRecord handler tests.
 */
export const NSX_PATH = "/api/3.0/fo/auth/nsx/";
export const LIST = `POST ${NSX_PATH} action=list`;
export const CREATE = `POST ${NSX_PATH} action=create`;
export const UPDATE = `POST ${NSX_PATH} action=update`;
export const DELETE = `POST ${NSX_PATH} action=delete`;
