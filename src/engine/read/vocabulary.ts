// The names each role goes by in the schemas hunters export, and how well a
// column's name matches them. Names alone mislead (see guess.ts), so a name
// score is only the start of a role's score.

export interface NameRule {
  names: string[];
  score: number;
}

/**
 * A column name as the vocabulary lists it: no bracketed suffix (the portal's
 * `TimeGenerated [UTC]`), lower case, no separators (`user_id`, `User ID`,
 * `userId` and `user.id` all become `userid`).
 */
export function normalizeName(column: string): string {
  return withoutBracketSuffix(column)
    // Sentinel custom-log tables suffix each column with its type (eventType_s, published_t, count_d), custom fields with _CF.
    .replace(/(?<=[A-Za-z0-9])_(?:[sdbtg]|CF)$/, '')
    .toLowerCase()
    .replace(/[\s_\-.@$:/]+/g, '');
}

/**
 * The name without a bracketed suffix and the blanks before and after it
 * (`TimeGenerated [UTC]`, `TimeTaken(ms)`): from the first '[' or '(' after
 * the last ']' or ')' before the closing one. What `/\s*[[(][^\])]*[\])]\s*$/`
 * removes, in one pass: that expression takes time quadratic in a run of
 * blanks (a header cell of 50,000 blanks took 1.1 s a call).
 */
function withoutBracketSuffix(column: string): string {
  const t = column.trimEnd();
  const close = t.length - 1;
  if (close < 1 || (t[close] !== ']' && t[close] !== ')')) return column;
  let inner = close - 1;
  while (inner >= 0 && t[inner] !== ']' && t[inner] !== ')') inner--;
  let open = inner + 1;
  while (open < close && t[open] !== '[' && t[open] !== '(') open++;
  return open < close ? t.slice(0, open).trimEnd() : column;
}

// Vocabularies from the schemas hunters export: Sentinel / Log Analytics
// tables (SigninLogs, AuditLogs, OfficeActivity, SecurityEvent, Syslog),
// Defender XDR (Device*Events), CloudTrail, Windows event XML / Sysmon,
// CEF (CommonSecurityLog: SourceUserName, DestinationUserName), Okta System
// Log, Google Workspace activities, Google Cloud audit logs
// (`protoPayload.authenticationInfo.principalEmail`, `protoPayload.methodName`,
// `protoPayload.request`; Sentinel's GCPAuditLogs), Azure Activity
// (`caller`, `CallerIpAddress`), ASIM (`ActorUsername`, `SrcIpAddr`,
// `EventStartTime`), MongoDB audit (`atype`), Databricks audit (`actionName`), GitLab / Jira / Bitwarden /
// Carbon Black audit actors, Kubernetes audit, Box, Salesforce, Elastic
// (`@timestamp`, `user.name`, `event.action`).
export const TIME_NAMES: NameRule[] = [
  {
    names: ['timegenerated', 'timestamp', 'eventtime', 'creationtime', 'createddatetime', 'activitydatetime', 'timecreated', 'published', 'eventtimestamp', 'requestreceivedtimestamp', 'idtime', 'createdat', 'eventdate', 'datetime', 'dateandtime', 'time', 'eventstarttime'],
    score: 1,
  },
  { names: ['date', 'ts', 'logtime', 'utctime', 'starttime', 'begin', 'stagetimestamp', 'receivedtime', 'systemtime', 'occurred', 'occurredat', 'created', 'when', 'createdprocesscreationtime', 'datecreate', 'datecreated', 'flowstarttime',
    // journald (journalctl -o json): when the entry was written, in microseconds.
    'realtimetimestamp',
    // ASIM's end of the event (Sophos Central's when).
    'eventendtime',
    // CEF's event time (rt, ArcSight's deviceReceiptTime: when the device saw the event), beside custom dates (deviceCustomDate1) a label explains.
    'rt', 'devicereceipttime',
    // LEEF's device time (devTime): the event's time, in the format devTimeFormat names.
    'devtime'], score: 0.8 },
  // The time of a syslog header before a CEF record (syslogStamp.ts): when a relay sent the line, not when the event
  // happened, and often given a year it did not have. The last resort: any time of the record's own comes first.
  { names: ['syslogtime'], score: 0.3 },
];
export const USER_NAMES: NameRule[] = [
  {
    names: [
      'userid', 'user', 'username', 'userprincipalname', 'upn', 'useridentityarn', 'accountname', 'account', 'subjectusername', 'actor',
      'actoralternateid', 'actoremail', 'principal', 'caller', 'login', 'userlogin', 'createdbylogin', 'accountupn',
      'initiatingprocessaccountname', 'initiatingprocessaccountupn', 'createdprocessaccountname', 'userusername', 'useremail', 'email', 'emailaddress', 'sourceuser',
      'initiatedbyuseruserprincipalname', 'sudoer', 'principalemail', 'sourceusername', 'suser', 'actorusername', 'loginname', 'actinguserid', 'authorname',
      // HashiCorp Vault's audit device: the token's name (auth.display_name); auth.metadata.* only some auth methods fill.
      'authdisplayname',
      // W3C extended logs (IIS): the authenticated user, '-' when anonymous.
      'csusername',
      // Exchange Server's protocol logs (HttpProxy, OWA, ECP, EWS): the account the request ran as.
      'authenticateduser',
      // Linux audit's login identity (see LOGIN_IDENTITY).
      'userauditid', 'userauditname', 'auid', 'loginuid',
      // OCSF (Security Lake and other OCSF producers): the actor's e-mail; actor.user.name reads as ASIM's ActorUsername.
      'actoruseremailaddr',
      // Administration audit logs: the administrator who made the change (Zscaler's adminid, Meraki's adminName /
      // adminEmail / adminId, PAN-OS's config log admin), where user columns name the accounts changed.
      'adminid', 'adminname', 'adminemail', 'admin', 'administrator',
      // LEEF's user name (usrName), as QRadar's DSMs write it.
      'usrname',
    ],
    score: 1,
  },
  {
    names: [
      'useridentityprincipalid', 'useridentityusername', 'userkey', 'actorid', 'initiatinguserorapp', 'targetusername', 'createdby', 'owner', 'callerid', 'subjectuserid', 'identity', 'userdisplayname', 'destinationusername', 'duser', 'authoraccountid', 'authorid',
      // Zeek kerberos.log: the principal that asked for a ticket (user/REALM).
      'client',
      // OCSF: the actor's unique id (an AWS principal id, an Okta user id) where its name is not given.
      'actoruseruid',
      // Mail flow (Exchange message tracking's sender-address, Exchange Online MessageTrace, Defender's EmailEvents): the sender.
      'senderaddress', 'senderfromaddress', 'sendermailfromaddress',
      // Mail gateways' SIEM logs (Mimecast's Sender): the sender.
      'sender',
      // Atlassian Cloud audit records (author.displayName), Okta (actor.displayName): the person's shown name.
      'authordisplayname', 'actordisplayname',
      // Entra: a workload identity's sign-ins (servicePrincipalName), the app that started an audit event where no user did.
      'serviceprincipalname', 'initiatedbyappdisplayname',
    ],
    score: 0.8,
  },
  { names: ['clientip', 'sourceipaddress', 'ipaddress', 'clientipaddress', 'srcip', 'sourceip', 'callipaddress', 'remoteip', 'ip', 'sourceips', 'clientipaddr', 'callerip', 'calleripaddress', 'srcipaddr', 'ipaddr', 'remoteaddress', 'remoteaddr',
    // Zeek's connection originator (id.orig_h; id_orig_h in JSON writers that replace dots); W3C's client (c-ip).
    'idorigh', 'cip'], score: 0.7 },
  // CEF's source address (src, ArcSight's sourceAddress), as firewalls' key=value logs write it too (SonicWall): below
  // the spelled-out names, as ASIM's Src is an alias of SrcIpAddr (or of SrcHostname) beside it.
  { names: ['src',
    // LEEF's identity address (identSrc: the address an identity event ties to the user).
    'identsrc'], score: 0.65 },
  { names: ['computer', 'host', 'hostname', 'devicename', 'machine', 'computername', 'workstationname', 'hostidentifier', 'computerdnsname',
    // Sentinel's SecurityAlert: the machine or account an alert is about. Azure's flow tables: the VM.
    'compromisedentity', 'vmname',
    // Kubernetes runtime sensors (Tetragon node_name, KubeArmor PodName, Tracee podName, Falco k8s.pod.name): the node and the pod.
    'nodename', 'podname', 'k8spodname',
    // CEF's source host (shost, ArcSight's sourceHostName); LEEF's identity host (identHostName).
    'shost', 'identhostname'], score: 0.6 },
  // A machine's or its agent's id where nothing names it (Defender's DeviceId beside no DeviceName, an EDR's sensor id).
  { names: ['deviceid', 'machineid', 'agentid', 'sensorid'], score: 0.5 },
];
export const EVENT_NAMES: NameRule[] = [
  {
    names: [
      'operation', 'eventname', 'operationname', 'action', 'actiontype', 'activity', 'activitydisplayname', 'command', 'cmd', 'op', 'eventtype',
      'verb', 'eventaction', 'eventsname', 'actionname', 'newprocessname', 'processname', 'executablename', 'createdprocessname', 'methodname',
      // W3C extended logs (IIS): the resource asked for (a web shell is a stem no one else asks for), or the whole URI.
      'csuristem', 'csuri',
      // OCSF: the API call (api.operation).
      'apioperation',
      // CrowdStrike Falcon Data Replicator's event type (event_simpleName); Netskope's audit event (audit_log_event).
      'eventsimplename', 'auditlogevent',
      // IDS alerts: Suricata EVE alert.signature, Splunk CIM Intrusion Detection `signature` (the alert's name; `category` is its class).
      'signature',
    ],
    score: 1,
  },
  { names: ['image', 'process', 'eventid', 'appdisplayname', 'category', 'event', 'cmds', 'displaymessage', 'method', 'api', 'activitytype', 'filename', 'type', 'name', 'logontype', 'initiatingprocessfilename', 'atype',
    // Zeek kerberos.log: AS or TGS, and the service a ticket was asked for (conn.log: the protocol seen).
    'requesttype', 'service',
    // W3C extended logs: the HTTP method; secure web gateways (Cloudflare Gateway's HTTPMethod, Zscaler's reqmethod).
    'csmethod', 'httpmethod', 'reqmethod',
    // plaso / Timesketch timelines: the event's type (windows:evtx:record, syslog:cron:task_run, fs:stat) and a
    // Windows record's event ID (plaso's event_identifier, EventID elsewhere).
    'datatype', 'eventidentifier',
    // Alert tables (Sentinel SecurityAlert and SecurityIncident, Defender AlertInfo, detection rules): the kind of alert.
    'alerttype', 'alertname', 'alertdisplayname', 'rulename', 'title',
    // journald: the program that wrote the entry (SYSLOG_IDENTIFIER, _COMM). Flow tables: the application protocol.
    'syslogidentifier', 'comm', 'l7protocol',
    // DNS logs: the name queried (Zeek dns.log's query, Sysmon event 22's QueryName, ASIM's DnsQuery).
    'query', 'queryname', 'dnsquery',
    // CEF (Sentinel's CommonSecurityLog): the device's action (CEF `act`: create, delete, allow...), beside Activity (the event's name).
    'deviceaction',
    // Sysmon's process access and remote thread events (10, 8): the process acted on, where their EventID is one value.
    'targetimage',
    // CEF's per-event-type id (CommonSecurityLog's DeviceEventClassID: Cisco ASA message ids, ClearPass, PAN-OS), where
    // Activity, the event's name, is empty.
    'deviceeventclassid',
    // MongoDB Atlas events (eventTypeName; CloudTrail's EventTypeName is its class, below EventName's 1).
    'eventtypename',
    // Detection timelines (Hayabusa, Chainsaw): the rule that fired on the event.
    'ruletitle',
    // PostgreSQL's csvlog and jsonlog (CloudNativePG, the cloud services): the statement's command (SELECT, ALTER ROLE).
    'commandtag',
    // Entra ID Protection's risk detections: the kind of risk (unfamiliarFeatures, anonymizedIPAddress).
    'riskeventtype',
    // Linux audit records as go-libaudit and Auditbeat write them (record_type: SYSCALL, USER_LOGIN, EXECVE).
    'recordtype',
    // eBPF runtime sensors (Tetragon process.binary): the executed file.
    'binary'], score: 0.7 },
  // Application usage (SRUM, app analytics): the application, where nothing names an event.
  { names: ['appname', 'applicationname',
    // Entra sign-ins: the resource signed in to (Microsoft Graph, Azure Key Vault), where the app is the one signing in.
    'resourcedisplayname',
    // ASIM's DvcAction where the parser keeps the product's event type (Sophos Central's SophosEP_CL).
    'dvcaction'], score: 0.5 },
  // A log statement's message where nothing else names the event (SonicWall's msg, a Go service's logfmt msg): a
  // fixed text per kind of event; free text with names in it is marked down by its many values.
  { names: ['msg'], score: 0.3 },
];
export const PARAM_NAMES: NameRule[] = [
  { names: ['parameters', 'requestparameters', 'params', 'commandline', 'arguments', 'processcommandline', 'eventsparameters', 'eventparameters', 'createdprocesscommandline', 'objectref',
    // MongoDB's audit log: the action's arguments (param.user is the account a createUser made, not who acted).
    'param',
    // OCSF: what an API call was given (api.request.data).
    'apirequestdata'], score: 1 },
  { names: ['initiatingprocesscommandline', 'modifiedproperties', 'extendedproperties', 'additionaldetails', 'targetresources', 'requestobject', 'args', 'request'], score: 0.6 },
];
/**
 * How severe an event was or how it ended, not which event it was: NXLog's Windows `EventType` (INFO, VERBOSE,
 * AUDIT_SUCCESS, AUDIT_FAILURE), syslog severities, outcome fields. A column holding nothing else is never the event.
 */
export const LEVEL_VALUES = new Set([
  'info', 'information', 'informational', 'verbose', 'debug', 'trace', 'notice', 'warning', 'warn', 'error', 'err', 'critical', 'crit',
  'alert', 'emergency', 'emerg', 'fatal', 'audit_success', 'audit_failure', 'auditsuccess', 'auditfailure', 'success', 'failure', 'failed',
  'succeeded', 'ok', 'low', 'medium', 'high',
]);
export const ADDRESS_RULE = [USER_NAMES[2], USER_NAMES[3]];
/**
 * Linux audit's login identity: auditd's `auid` (`loginuid`), ECS `user.audit.id` / `user.audit.name` (Auditbeat,
 * Filebeat's auditd module), osquery's process_events `auid`. The kernel sets it once at login and keeps it through
 * su and sudo, so it names the person whose session it is, where the record's user (`uid`, ECS `user.name`, `user.id`)
 * is whom they acted as, or the account a PAM step was for (root after sudo, the account useradd made).
 */
export const LOGIN_IDENTITY = new Set(['userauditid', 'userauditname', 'auid', 'loginuid']);
/** The names of people and accounts (not addresses or hosts). */
export const PERSON_RULES = USER_NAMES.slice(0, 2);

/** How well a column's name says it holds this role: the whole path first, then its last part. */
export function nameScore(column: string, rules: NameRule[]): number {
  // A serialiser's own key (plaso's __type__ and __container_type__, Python's __class_name__) describes the record's
  // encoding, never one of its roles.
  if (/(^|\.)__[^.]*__$/.test(column)) return 0;
  const full = normalizeName(column);
  const parts = column.split('.');
  const last = parts.length > 1 ? normalizeName(parts[parts.length - 1]) : full;
  for (const r of rules) if (r.names.includes(full)) return r.score;
  // The name of the record's provider or source (Windows event XML's System.Provider.Name, the event source) says
  // where the record came from, not what happened: no event by its last part, `name`.
  if (rules === EVENT_NAMES && parts.length > 1 && /^(provider|source)$/.test(normalizeName(parts[parts.length - 2])) && last === 'name') return 0;
  if (last !== full) for (const r of rules) if (r.names.includes(last)) return r.score * 0.9;
  // The last two parts as one name (Tetragon's process.pod.name, ECS-style nested host.name under another object).
  if (parts.length > 2) {
    const two = normalizeName(parts.slice(-2).join('.'));
    for (const r of rules) if (r.names.includes(two)) return r.score * 0.9;
  }
  // An event name after a vendor's word (Mimecast's mimecastEventId): a little under the name itself, and only for the
  // names of events (event id, type, name), so a parentProcessName or targetImage is not read so.
  if (rules === EVENT_NAMES) {
    const m = /^[a-z]+([A-Z][A-Za-z0-9]*?)(?:_[sdbtg])?$/.exec(parts[parts.length - 1]);
    const rest = m ? normalizeName(m[1]) : '';
    if (rest.startsWith('event')) for (const r of rules) if (r.names.includes(rest)) return r.score * 0.8;
  }
  return 0;
}
