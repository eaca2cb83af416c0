import * as wire from '../../../protocols/envelope.js'
import type { MessageKind } from '../envelope.js'
import { decodeArchiveRecord, encodeArchiveRecord, type ArchiveRecord } from './archive-record.js'
import { decodeCatalogue, encodeCatalogue, type Catalogue } from './catalogue.js'
import { decodeWith, requiredString } from './fields.js'
import { decodeManifest, encodeManifest, type ProjectManifest } from './manifest.js'
import { decodePinReceipt, decodePinRequest, encodePinReceipt, encodePinRequest, type PinReceipt, type PinRequest } from './pin.js'
import { decodeStatsManifest, encodeStatsManifest, type StatsManifest } from './stats-export.js'
import {
  decodeSubmitProgress, decodeSubmitReceipt, decodeSubmitRequest, encodeSubmitProgress, encodeSubmitReceipt, encodeSubmitRequest,
  type SubmitProgress, type SubmitReceipt, type SubmitRequest
} from './submit.js'
import {
  decodeResultAck, decodeResultBatch, decodeResultBatchAck, decodeResultSubmission, encodeResultAck, encodeResultBatch, encodeResultBatchAck,
  encodeResultSubmission, type ResultAck, type ResultBatch, type ResultBatchAck, type ResultSubmission
} from './result.js'
import { decodeVerdict, decodeVerifyRequest, encodeVerdict, encodeVerifyRequest, type Verdict, type VerifyRequest } from './verify.js'
import { decodeWorkAssignment, decodeWorkRequest, encodeWorkAssignment, encodeWorkRequest, type WorkAssignment, type WorkRequest } from './work.js'

export * from './archive-record.js'
export * from './manifest.js'
export * from './ban-list.js'
export * from './catalogue.js'
export * from './pin.js'
export * from './result.js'
export * from './stats-export.js'
export * from './submit.js'
export * from './verify.js'
export * from './work.js'

/** The payload of an error envelope: a stable code and a short message. */
export interface ErrorReply {
  code: string
  message: string
}

/** The domain type of each message kind's payload. */
export interface MessageTypes {
  'work-request': WorkRequest
  'work-assignment': WorkAssignment
  result: ResultSubmission
  'result-ack': ResultAck
  'result-batch': ResultBatch
  'result-batch-ack': ResultBatchAck
  'verify-request': VerifyRequest
  verdict: Verdict
  'pin-request': PinRequest
  'pin-receipt': PinReceipt
  manifest: ProjectManifest
  'archive-record': ArchiveRecord
  'stats-export': StatsManifest
  catalogue: Catalogue
  'submit-request': SubmitRequest
  'submit-progress': SubmitProgress
  'submit-receipt': SubmitReceipt
  error: ErrorReply
}

/** Converts one kind between its domain type and wire bytes; decode throws a typed error on bad input. */
export interface MessageCodec<T> {
  encode: (m: T) => Uint8Array
  decode: (bytes: Uint8Array) => T
}

/** Every kind's codec: typed as a complete record so a new kind without a codec fails to compile. */
export const MESSAGE_CODECS: { [K in MessageKind]: MessageCodec<MessageTypes[K]> } = {
  'work-request': { encode: encodeWorkRequest, decode: decodeWorkRequest },
  'work-assignment': { encode: encodeWorkAssignment, decode: decodeWorkAssignment },
  result: { encode: encodeResultSubmission, decode: decodeResultSubmission },
  'result-ack': { encode: encodeResultAck, decode: decodeResultAck },
  'result-batch': { encode: encodeResultBatch, decode: decodeResultBatch },
  'result-batch-ack': { encode: encodeResultBatchAck, decode: decodeResultBatchAck },
  'verify-request': { encode: encodeVerifyRequest, decode: decodeVerifyRequest },
  verdict: { encode: encodeVerdict, decode: decodeVerdict },
  'pin-request': { encode: encodePinRequest, decode: decodePinRequest },
  'pin-receipt': { encode: encodePinReceipt, decode: decodePinReceipt },
  manifest: { encode: encodeManifest, decode: decodeManifest },
  'archive-record': { encode: encodeArchiveRecord, decode: decodeArchiveRecord },
  'stats-export': { encode: encodeStatsManifest, decode: decodeStatsManifest },
  catalogue: { encode: encodeCatalogue, decode: decodeCatalogue },
  'submit-request': { encode: encodeSubmitRequest, decode: decodeSubmitRequest },
  'submit-progress': { encode: encodeSubmitProgress, decode: decodeSubmitProgress },
  'submit-receipt': { encode: encodeSubmitReceipt, decode: decodeSubmitReceipt },
  error: {
    encode: (m) => wire.ErrorReply.encode(m),
    decode: (bytes) => {
      const w = decodeWith('ErrorReply', wire.ErrorReply.decode, bytes)
      // Codes are ours (ERR_...); the message is peer text: bounded, never trusted.
      return { code: requiredString('ErrorReply', 'code', w.code, 64), message: w.message.slice(0, 200) }
    }
  }
}
