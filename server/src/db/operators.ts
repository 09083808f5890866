import mongoose from 'mongoose';

/** Marks a query operator object as intended (the connection sanitizes filters otherwise), keeping its type. */
export const op = <T extends object>(value: T): T => mongoose.trusted(value) as T;
