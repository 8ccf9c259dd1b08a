import { DocumentRefRequestDto } from './document-ref.request.dto';

/** Thụ lý: the document is the notice of acceptance (thông báo thụ lý). */
export class AcceptCaseRequestDto extends DocumentRefRequestDto {}
