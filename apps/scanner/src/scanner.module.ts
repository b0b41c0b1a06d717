import { Module } from '@nestjs/common';
import { ScanHandler } from './handlers/scan.handler';
import { ValidateHandler } from './handlers/validate.handler';

@Module({ controllers: [ScanHandler, ValidateHandler] })
export class ScannerModule {}
