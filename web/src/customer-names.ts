import type { CustomerName } from '../../shared/domain/customer-profile.ts';
import { shortenId } from './format-ids.ts';

/**
 * The remark names (备注名) agents gave customers, by customer (`customerKey`): the console names a
 * customer by it wherever it would show the openid, which is all WeChat's pushes tell.
 */
export type CustomerNames = Readonly<Record<string, string>>;

/** One customer of one app. */
export function customerKey(customer: { appId: string; openId: string }): string {
  return `${customer.appId} ${customer.openId}`;
}

/** The names with the customer's remark name set, or removed when they have none. */
export function withName(
  names: CustomerNames,
  customer: { appId: string; openId: string },
  remarkName: string | undefined,
): CustomerNames {
  const key = customerKey(customer);
  if (names[key] === remarkName) return names;
  const { [key]: _removed, ...rest } = names;
  return remarkName ? { ...rest, [key]: remarkName } : rest;
}

/**
 * The names a list read brings: each customer listed now has the name given, or none, since the
 * server names every listed customer that has one.
 */
export function withListedNames(
  names: CustomerNames,
  listed: readonly { appId: string; openId: string }[],
  given: readonly CustomerName[] | undefined,
): CustomerNames {
  const found = new Map((given ?? []).map((name) => [customerKey(name), name.remarkName]));
  return listed.reduce((next, customer) => withName(next, customer, found.get(customerKey(customer))), names);
}

/** How the console names the customer: their remark name, else their openid, shortened. */
export function customerLabel(names: CustomerNames, customer: { appId: string; openId: string }): string {
  return names[customerKey(customer)] ?? shortenId(customer.openId);
}
