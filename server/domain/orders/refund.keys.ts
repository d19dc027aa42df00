/** One refund per order, so the refund number is derived from the order and never changes. */
export const outRefundNoFor = (orderNo: string) => `R${orderNo}`;
