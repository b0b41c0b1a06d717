// `packer validate` for the generated Packer template (Debian's Packer 1.6).
export {
  packerValidate,
  packerErrors,
  PackerMissingError,
  PackerTimeoutError,
  type PackerOptions,
  type PackerValidation,
} from './packer-validate';
