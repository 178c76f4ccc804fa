/**
 * What agents know about a customer of one app: a remark name (备注名) shown instead of the openid
 * (pushes from Mini Programs and Official Accounts carry no nickname), tags from the workspace's
 * vocabulary, and a private note that stays among agents (never sent to WeChat). The customer's last
 * reported location comes from their pushes.
 */
export interface CustomerProfile {
  appId: string;
  openId: string;
  remarkName?: string;
  tags: string[];
  note?: string;
  lastLocation?: { latitude: number; longitude: number; precision?: number; at: number };
  /** When an agent last changed it, and who. */
  updatedAt?: number;
  updatedBy?: string;
}

export const maxRemarkNameLength = 40;
export const maxTagLength = 20;
export const maxTagsPerCustomer = 20;
export const maxNoteLength = 2000;

/** The name the console shows for a customer: the remark name agents gave, else the openid. */
export interface CustomerName {
  appId: string;
  openId: string;
  remarkName: string;
}
