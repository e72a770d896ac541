export function StockScreen() { return null; }
