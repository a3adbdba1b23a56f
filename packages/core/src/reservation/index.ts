// The reservation ("purchase") domain: reducer, stock read model, codecs and topic mapping.
export * from "./DecodeErrors.ts"
export * from "./ItemStateCodec.ts"
export * from "./Reservation.ts"
export * from "./ReservationCodecs.ts"
export * from "./ReservationTopics.ts"
export * from "./ReservationTypes.ts"
export * from "./ResultMessage.ts"
export * from "./StockView.ts"
