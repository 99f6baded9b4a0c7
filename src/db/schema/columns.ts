import { integer, text } from "drizzle-orm/sqlite-core";

/** Instants are stored as UTC epoch milliseconds everywhere (DESIGN: one representation). */
export const instant = (name: string) => integer(name, { mode: "timestamp_ms" });
export const createdAt = () => instant("created_at").notNull();
export const updatedAt = () => instant("updated_at").notNull();
export const flag = (name: string) => integer(name, { mode: "boolean" });
export const json = <T>(name: string) => text(name, { mode: "json" }).$type<T>();
