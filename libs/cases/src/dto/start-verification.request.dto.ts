import { DocumentRefRequestDto } from './document-ref.request.dto';

/** Giao xác minh: the document is the assignment decision (quyết định giao xác minh). */
export class StartVerificationRequestDto extends DocumentRefRequestDto {}
