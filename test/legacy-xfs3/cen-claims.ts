// Which CEN header struct each TypeScript layout stands for, and for which header versions it is
// the layout: the claims that layout-cen.test.ts checks against the numbers in
// fixtures/cen-layouts.json. Header versions are those of the header files in the fixture sets
// (fixtures/README.md): xfsapi 3.00/3.20/3.30, IDC 3.02/3.20/3.30, CDM 3.00/3.20/3.30, PTR
// 3.00/3.20/3.30, PIN 3.03/3.20/3.30, SIU 3.01/3.20/3.30, TTU 3.00/3.20/3.30, BCR 3.10/3.20/3.30, CAM 3.00/3.20/3.30, VDM 3.00/3.20/3.30, CIM 3.02/3.20/3.30.

export interface Claim {
  /** the typedef name in the header (several when one TypeScript layout serves alike structs) */
  header: string | string[];
  /** versions of the header files whose struct this layout is, field for field */
  versions: string[];
  /** TypeScript field name -> header field name, where they differ */
  rename?: Record<string, string>;
}

const all3 = (x: string): string[] => [x, '3.20', '3.30'];
const later = ['3.20', '3.30'];

export const claims: Record<string, Claim> = {
  // xfsapi.h
  wfs_result_t: { header: 'WFSRESULT', versions: all3('3.00'), rename: { dwCommandCodeOrEventID: 'u' } },
  wfs_version_t: { header: 'WFSVERSION', versions: all3('3.00') },
  wfs_devstatus_t: { header: 'WFSDEVSTATUS', versions: all3('3.00') },
  wfs_undevmsg_t: { header: 'WFSUNDEVMSG', versions: all3('3.00') },
  wfs_hwerror_t: { header: 'WFSHWERROR', versions: all3('3.00') },
  // xfsidc.h
  idc_status_v300_t: { header: 'WFSIDCSTATUS', versions: ['3.02'] },
  idc_status_v320_t: { header: 'WFSIDCSTATUS', versions: later },
  idc_caps_v300_t: { header: 'WFSIDCCAPS', versions: ['3.02'] },
  idc_caps_v320_t: { header: 'WFSIDCCAPS', versions: ['3.20'] },
  idc_caps_v330_t: { header: 'WFSIDCCAPS', versions: ['3.30'] },
  idc_form_v300_t: { header: 'WFSIDCFORM', versions: ['3.02'] },
  idc_form_v320_t: { header: 'WFSIDCFORM', versions: later },
  idc_ifm_identifier_t: { header: 'WFSIDCIFMIDENTIFIER', versions: later },
  idc_hex_data_t: { header: 'WFSIDCHEXDATA', versions: ['3.30'] },
  idc_app_data_t: { header: 'WFSIDCAPPDATA', versions: ['3.30'] },
  idc_retain_card_t: { header: 'WFSIDCRETAINCARD', versions: all3('3.02') },
  idc_setkey_t: { header: 'WFSIDCSETKEY', versions: all3('3.02') },
  idc_card_data_t: { header: 'WFSIDCCARDDATA', versions: all3('3.02') },
  idc_chip_io_t: { header: 'WFSIDCCHIPIO', versions: all3('3.02') },
  idc_chip_power_out_t: { header: 'WFSIDCCHIPPOWEROUT', versions: all3('3.02') },
  idc_set_guidlight_t: { header: 'WFSIDCSETGUIDLIGHT', versions: later },
  idc_eject_card_t: { header: 'WFSIDCEJECTCARD', versions: later },
  idc_power_save_control_t: { header: 'WFSIDCPOWERSAVECONTROL', versions: later },
  idc_park_card_t: { header: 'WFSIDCPARKCARD', versions: later },
  idc_aid_data_t: { header: 'WFSIDCAIDDATA', versions: ['3.30'] },
  idc_key_data_t: { header: 'WFSIDCKEYDATA', versions: ['3.30'] },
  idc_emvcless_config_data_t: { header: 'WFSIDCEMVCLESSCONFIGDATA', versions: ['3.30'] },
  idc_emvcless_tx_data_t: { header: 'WFSIDCEMVCLESSTXDATA', versions: ['3.30'] },
  idc_emvcless_ui_t: { header: 'WFSIDCEMVCLESSUI', versions: ['3.30'] },
  idc_emvcless_outcome_t: { header: 'WFSIDCEMVCLESSOUTCOME', versions: ['3.30'] },
  idc_emvcless_tx_output_t: { header: 'WFSIDCEMVCLESSTXDATAOUTPUT', versions: ['3.30'] },
  idc_track_event_t: { header: 'WFSIDCTRACKEVENT', versions: all3('3.02') },
  idc_card_act_t: { header: 'WFSIDCCARDACT', versions: all3('3.02') },
  idc_device_position_t: { header: 'WFSIDCDEVICEPOSITION', versions: later },
  idc_power_save_change_t: { header: 'WFSIDCPOWERSAVECHANGE', versions: later },
  idc_track_detected_t: { header: 'WFSIDCTRACKDETECTED', versions: later },
  // the 3.30 header spells it without the E of EMV
  idc_emvcless_read_status_t: { header: 'WFSIDCMVCLESSREADSTATUS', versions: ['3.30'] },
  // xfscdm.h
  cdm_outpos_v300_t: { header: 'WFSCDMOUTPOS', versions: ['3.00', '3.20'] },
  cdm_outpos_v330_t: { header: 'WFSCDMOUTPOS', versions: ['3.30'] },
  cdm_status_v300_t: { header: 'WFSCDMSTATUS', versions: ['3.00'] },
  cdm_status_v320_t: { header: 'WFSCDMSTATUS', versions: later },
  cdm_caps_v300_t: { header: 'WFSCDMCAPS', versions: ['3.00'] },
  cdm_caps_v320_t: { header: 'WFSCDMCAPS', versions: ['3.20'] },
  cdm_caps_v330_t: { header: 'WFSCDMCAPS', versions: ['3.30'] },
  cdm_phcu_v300_t: { header: 'WFSCDMPHCU', versions: ['3.00'] },
  cdm_phcu_v320_t: { header: 'WFSCDMPHCU', versions: later },
  cdm_cashunit_v300_t: { header: 'WFSCDMCASHUNIT', versions: ['3.00'] },
  cdm_cashunit_v320_t: { header: 'WFSCDMCASHUNIT', versions: later },
  cdm_cu_info_t: { header: 'WFSCDMCUINFO', versions: all3('3.00') },
  cdm_denomination_t: { header: 'WFSCDMDENOMINATION', versions: all3('3.00') },
  cdm_present_status_t: { header: 'WFSCDMPRESENTSTATUS', versions: all3('3.00') },
  cdm_denominate_t: { header: 'WFSCDMDENOMINATE', versions: all3('3.00') },
  cdm_dispense_t: { header: 'WFSCDMDISPENSE', versions: all3('3.00') },
  cdm_retract_t: { header: 'WFSCDMRETRACT', versions: all3('3.00') },
  cdm_itemposition_t: { header: 'WFSCDMITEMPOSITION', versions: all3('3.00') },
  cdm_cu_error_t: { header: 'WFSCDMCUERROR', versions: all3('3.00') },
  cdm_currency_exp_t: { header: 'WFSCDMCURRENCYEXP', versions: all3('3.00') },
  cdm_mix_type_t: { header: 'WFSCDMMIXTYPE', versions: all3('3.00') },
  cdm_mix_row_t: { header: 'WFSCDMMIXROW', versions: all3('3.00') },
  cdm_prepare_dispense_t: { header: 'WFSCDMPREPAREDISPENSE', versions: later },
  cdm_physical_cu_t: { header: 'WFSCDMPHYSICALCU', versions: all3('3.00') },
  cdm_counted_phys_cu_t: { header: 'WFSCDMCOUNTEDPHYSCU', versions: all3('3.00') },
  cdm_count_t: { header: 'WFSCDMCOUNT', versions: all3('3.00') },
  cdm_mix_table_t: { header: 'WFSCDMMIXTABLE', versions: all3('3.00') },
  // xfsptr.h
  ptr_retract_bins_t: { header: 'WFSPTRRETRACTBINS', versions: all3('3.00') },
  ptr_status_v300_t: { header: 'WFSPTRSTATUS', versions: ['3.00'] },
  ptr_status_v320_t: { header: 'WFSPTRSTATUS', versions: ['3.20'] },
  ptr_status_v330_t: { header: 'WFSPTRSTATUS', versions: ['3.30'] },
  ptr_caps_v300_t: { header: 'WFSPTRCAPS', versions: ['3.00'] },
  ptr_caps_v320_t: { header: 'WFSPTRCAPS', versions: ['3.20'] },
  ptr_caps_v330_t: { header: 'WFSPTRCAPS', versions: ['3.30'] },
  ptr_frm_header_v300_t: { header: 'WFSFRMHEADER', versions: ['3.00'] },
  ptr_frm_header_v320_t: { header: 'WFSFRMHEADER', versions: later },
  ptr_frm_media_t: { header: 'WFSFRMMEDIA', versions: all3('3.00') },
  ptr_query_field_t: { header: 'WFSPTRQUERYFIELD', versions: all3('3.00') },
  ptr_frm_field_v300_t: { header: 'WFSFRMFIELD', versions: ['3.00'] },
  ptr_frm_field_v320_t: { header: 'WFSFRMFIELD', versions: later },
  ptr_print_form_t: { header: 'WFSPTRPRINTFORM', versions: all3('3.00') },
  ptr_raw_data_t: { header: 'WFSPTRRAWDATA', versions: all3('3.00') },
  ptr_raw_data_in_t: { header: 'WFSPTRRAWDATAIN', versions: all3('3.00') },
  ptr_reset_t: { header: 'WFSPTRRESET', versions: all3('3.00') },
  ptr_field_fail_t: { header: 'WFSPTRFIELDFAIL', versions: all3('3.00') },
  ptr_bin_threshold_t: { header: 'WFSPTRBINTHRESHOLD', versions: all3('3.00') },
  ptr_paper_threshold_t: { header: 'WFSPTRPAPERTHRESHOLD', versions: all3('3.00') },
  ptr_media_detected_t: { header: 'WFSPTRMEDIADETECTED', versions: all3('3.00') },
  ptr_media_presented_t: { header: 'WFSPTRMEDIAPRESENTED', versions: later },
  ptr_read_form_t: { header: 'WFSPTRREADFORM', versions: all3('3.00') },
  ptr_read_form_out_t: { header: 'WFSPTRREADFORMOUT', versions: all3('3.00') },
  ptr_media_unit_t: { header: 'WFSPTRMEDIAUNIT', versions: all3('3.00') },
  ptr_media_ext_t: { header: 'WFSPTRMEDIAEXT', versions: all3('3.00') },
  ptr_image_request_t: { header: 'WFSPTRIMAGEREQUEST', versions: all3('3.00') },
  ptr_image_t: { header: 'WFSPTRIMAGE', versions: all3('3.00') },
  ptr_load_definition_t: { header: 'WFSPTRLOADDEFINITION', versions: later },
  ptr_control_passbook_t: { header: 'WFSPTRCONTROLPASSBOOK', versions: later },
  ptr_definition_loaded_t: { header: 'WFSPTRDEFINITIONLOADED', versions: later },
  ptr_media_retracted_t: { header: 'WFSPTRMEDIARETRACTED', versions: later },
  ptr_bin_status_t: { header: 'WFSPTRBINSTATUS', versions: later },
  // xfspin.h
  pin_xdata_t: { header: 'WFSXDATA', versions: all3('3.03') },
  pin_status_v300_t: { header: 'WFSPINSTATUS', versions: ['3.03'] },
  pin_status_v320_t: { header: 'WFSPINSTATUS', versions: later },
  pin_caps_v300_t: { header: 'WFSPINCAPS', versions: ['3.03'] },
  pin_caps_v320_t: { header: 'WFSPINCAPS', versions: ['3.20'] },
  pin_caps_v330_t: { header: 'WFSPINCAPS', versions: ['3.30'] },
  pin_key_detail_v300_t: { header: 'WFSPINKEYDETAIL', versions: ['3.03'] },
  pin_key_detail_v320_t: { header: 'WFSPINKEYDETAIL', versions: later },
  pin_fdk_t: { header: 'WFSPINFDK', versions: all3('3.03') },
  pin_funckey_detail_t: { header: 'WFSPINFUNCKEYDETAIL', versions: all3('3.03') },
  pin_crypt_t: { header: 'WFSPINCRYPT', versions: all3('3.03') },
  pin_import_t: { header: 'WFSPINIMPORT', versions: all3('3.03') },
  pin_getpin_t: { header: 'WFSPINGETPIN', versions: all3('3.03') },
  pin_entry_t: { header: 'WFSPINENTRY', versions: all3('3.03') },
  pin_block_t: { header: 'WFSPINBLOCK', versions: all3('3.03') },
  pin_getdata_t: { header: 'WFSPINGETDATA', versions: all3('3.03') },
  pin_key_t: { header: 'WFSPINKEY', versions: all3('3.03') },
  pin_data_t: { header: 'WFSPINDATA', versions: all3('3.03') },
  pin_init_t: { header: 'WFSPININIT', versions: all3('3.03') },
  pin_generate_kcv_t: { header: 'WFSPINGENERATEKCV', versions: all3('3.03') },
  pin_kcv_t: { header: 'WFSPINKCV', versions: all3('3.03') },
  pin_digest_t: { header: 'WFSPINDIGEST', versions: all3('3.03') },
  pin_digest_output_t: { header: 'WFSPINDIGESTOUTPUT', versions: all3('3.03') },
  pin_access_t: { header: 'WFSPINACCESS', versions: all3('3.03') },
  pin_maintain_pin_t: { header: 'WFSPINMAINTAINPIN', versions: later },
  pin_pcipts_deviceid_t: { header: 'WFSPINPCIPTSDEVICEID', versions: later },
  // xfssiu.h
  siu_status_v300_t: { header: 'WFSSIUSTATUS', versions: ['3.01'] },
  siu_status_v320_t: { header: 'WFSSIUSTATUS', versions: later },
  siu_caps_v300_t: { header: 'WFSSIUCAPS', versions: ['3.01'] },
  siu_caps_v320_t: { header: 'WFSSIUCAPS', versions: ['3.20'] },
  siu_caps_v330_t: { header: 'WFSSIUCAPS', versions: ['3.30'] },
  siu_enable_t: { header: 'WFSSIUENABLE', versions: all3('3.01') },
  siu_set_port_t: { header: 'WFSSIUSETDOOR', versions: all3('3.01'), rename: { wPort: 'wDoor' } },
  siu_power_save_t: { header: 'WFSSIUPOWERSAVECONTROL', versions: later, rename: { usPowerSaveTime: 'usMaxPowerSaveRecoveryTime' } },
  siu_startup_time_t: { header: ['WFSSIUGETSTARTUPTIME', 'WFSSIUSETSTARTUPTIME'], versions: later },
  siu_port_event_t: { header: 'WFSSIUPORTEVENT', versions: all3('3.01') },
  // xfsttu.h (3.20 from the becrux/xfspp merge ref e8c8185, fixtures/README.md): its status is the
  // 3.30 struct; its capabilities are the 3.30 ones without lpdwSynchronizableCommands (a known gap)
  ttu_status_v300_t: { header: 'WFSTTUSTATUS', versions: ['3.00'] },
  ttu_status_v330_t: { header: 'WFSTTUSTATUS', versions: ['3.20', '3.30'] },
  ttu_resolution_t: { header: 'WFSTTURESOLUTION', versions: all3('3.00') },
  ttu_caps_v300_t: { header: 'WFSTTUCAPS', versions: ['3.00'] },
  ttu_caps_v330_t: { header: 'WFSTTUCAPS', versions: ['3.30'] },
  ttu_key_detail_t: { header: 'WFSTTUKEYDETAIL', versions: all3('3.00') },
  ttu_clear_screen_t: { header: 'WFSTTUCLEARSCREEN', versions: all3('3.00') },
  ttu_write_t: { header: 'WFSTTUWRITE', versions: all3('3.00') },
  ttu_read_t: { header: 'WFSTTUREAD', versions: all3('3.00') },
  ttu_read_in_t: { header: 'WFSTTUREADIN', versions: all3('3.00') },
  ttu_key_t: { header: 'WFSTTUKEY', versions: all3('3.00') },
  ttu_frm_header_v300_t: { header: 'WFSTTUFRMHEADER', versions: ['3.00'] },
  ttu_frm_header_v320_t: { header: 'WFSTTUFRMHEADER', versions: later },
  ttu_frm_field_v300_t: { header: 'WFSTTUFRMFIELD', versions: ['3.00'] },
  ttu_frm_field_v320_t: { header: 'WFSTTUFRMFIELD', versions: later },
  ttu_query_field_t: { header: 'WFSTTUQUERYFIELD', versions: all3('3.00') },
  ttu_write_form_t: { header: 'WFSTTUWRITEFORM', versions: all3('3.00') },
  ttu_read_form_t: { header: 'WFSTTUREADFORM', versions: all3('3.00') },
  ttu_read_form_out_t: { header: 'WFSTTUREADFORMOUT', versions: all3('3.00') },
  ttu_def_keys_t: { header: 'WFSTTUDEFKEYS', versions: later },
  ttu_field_fail_t: { header: 'WFSTTUFIELDFAIL', versions: all3('3.00') },
  // xfsbcr.h
  bcr_status_v310_t: { header: 'WFSBCRSTATUS', versions: ['3.10'] },
  bcr_status_v320_t: { header: 'WFSBCRSTATUS', versions: later },
  bcr_caps_v310_t: { header: 'WFSBCRCAPS', versions: ['3.10'] },
  bcr_caps_v320_t: { header: 'WFSBCRCAPS', versions: ['3.20'] },
  bcr_caps_v330_t: { header: 'WFSBCRCAPS', versions: ['3.30'] },
  bcr_xdata_t: { header: 'WFSBCRXDATA', versions: all3('3.10') },
  bcr_read_input_t: { header: 'WFSBCRREADINPUT', versions: all3('3.10') },
  bcr_read_output_t: { header: 'WFSBCRREADOUTPUT', versions: all3('3.10') },
  bcr_set_guidlight_t: { header: 'WFSBCRSETGUIDLIGHT', versions: all3('3.10') },
  // xfscam.h (3.20 from the becrux/xfspp merge ref e8c8185, fixtures/README.md)
  cam_status_v300_t: { header: 'WFSCAMSTATUS', versions: ['3.00'] },
  cam_status_v320_t: { header: 'WFSCAMSTATUS', versions: later },
  cam_caps_v300_t: { header: 'WFSCAMCAPS', versions: ['3.00'] },
  cam_caps_v320_t: { header: 'WFSCAMCAPS', versions: ['3.20'] },
  cam_caps_v330_t: { header: 'WFSCAMCAPS', versions: ['3.30'] },
  cam_take_picture_t: { header: 'WFSCAMTAKEPICT', versions: all3('3.00') },
  // xfsvdm.h
  vdm_app_status_t: { header: 'WFSVDMAPPSTATUS', versions: all3('3.00') },
  vdm_status_t: { header: 'WFSVDMSTATUS', versions: all3('3.00') },
  vdm_caps_t: { header: 'WFSVDMCAPS', versions: all3('3.00') },
  vdm_active_interface_t: { header: 'WFSVDMACTIVEINTERFACE', versions: later },
};

/** TypeScript layouts no header in the sets defines, and why each is still right. */
export const unchecked: Record<string, string> = {
  sim_systemtime_t: 'SYSTEMTIME of windows.h: 8 WORDs; WFSRESULT (checked) places hResult 16 bytes after tsTimestamp',
  idc_form_v310_t: 'no public 3.10 IDC header: the 3.20 struct (checked) up to cFieldSeparatorFrontTrack1, which 3.10 added with WFS_IDC_FRONT_TRACK_1',
};

/**
 * Header structs of a version no TypeScript layout claims although another version of the same
 * struct is claimed: versions a provider may negotiate whose layout the codecs do not have. Each
 * entry is a known gap, and says what the codec reads instead.
 */
export const knownGaps: Record<string, string> = {
  'WFSTTUCAPS@3.20': 'a 3.20 text terminal is read with the 3.00 layout (ttu_caps_v300_t, a prefix of the 3.20 struct): bPowerSaveControl, lpLEDEx and bAntiFraudModule are not read',
};
