<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
  <context>
    <name>App</name>
    <message>
      <source>Unexpected error</source>
      <translation>意外错误</translation>
    </message>
    <message>
      <source>Something went wrong: {error}

The details are in the log file. Your records so far are saved.</source>
      <translation>程序出现问题：{error}

详细信息已写入日志文件。此前的记录都已保存。</translation>
    </message>
    <message>
      <source>Cannot start</source>
      <translation>无法启动</translation>
    </message>
    <message>
      <source>The start time {now} is not understood; write it like 2026-12-01T17:05.</source>
      <translation>无法识别起始时间 {now}，请按 2026-12-01T17:05 的格式填写。</translation>
    </message>
    <message>
      <source>Cannot open the database</source>
      <translation>无法打开数据库</translation>
    </message>
    <message>
      <source>The database cannot be opened: {reason}

If the school uses a shared server, check the network and that the server is running. Log file: {log}</source>
      <translation>无法打开数据库：{reason}

如果学校使用共享服务器，请检查网络连接以及服务器是否已开启。日志文件：{log}</translation>
    </message>
  </context>
  <context>
    <name>BandCard</name>
    <message>
      <source>Service {start}–{end}</source>
      <translation>延时服务 {start}—{end}</translation>
    </message>
    <message>
      <source>Dismissal
{time}</source>
      <translation>放学
{time}</translation>
    </message>
    <message>
      <source>Period 1: {p1}    Period 2: {p2}</source>
      <translation>第一课时：{p1}　　第二课时：{p2}</translation>
    </message>
    <message>
      <source>Expected {expected} · on leave {leave}</source>
      <translation>应到 {expected} 人 · 请假 {leave} 人</translation>
    </message>
    <message>
      <source>No after-school service today</source>
      <translation>今日无课后服务</translation>
    </message>
    <message>
      <source>Changed today: {reason}</source>
      <translation>今日调整：{reason}</translation>
    </message>
  </context>
  <context>
    <name>GraceTab</name>
    <message>
      <source> min</source>
      <translation> 分钟</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Unaccompanied after:</source>
      <translation>放学后多久算无人接领：</translation>
    </message>
    <message>
      <source>At a grade's dismissal time plus this many minutes, every present child of that grade who has not been handed over (or left alone with consent) is flagged unaccompanied: the duty station sounds an alert and lists the guardians' phones. Default: 10 minutes.</source>
      <translation>到了某年级的放学时间再过这么多分钟，该年级已出勤、但既未交接给家长、也未经同意自行离校的学生，会被标记为“无人接领”：值班岗位响起提示，并列出监护人电话。默认 10 分钟。</translation>
    </message>
    <message>
      <source>Saved: {minutes} min.</source>
      <translation>已保存：{minutes} 分钟。</translation>
    </message>
  </context>
  <context>
    <name>ImportDialog</name>
    <message>
      <source>Import class list</source>
      <translation>导入班级名单</translation>
    </message>
    <message>
      <source>Choose file…</source>
      <translation>选择文件…</translation>
    </message>
    <message>
      <source>No file chosen. Excel (.xlsx/.xls), WPS, .ods or .csv class lists are accepted.</source>
      <translation>尚未选择文件。可导入 Excel（.xlsx/.xls）、WPS、.ods 或 .csv 格式的班级名单。</translation>
    </message>
    <message>
      <source>Sheet:</source>
      <translation>工作表：</translation>
    </message>
    <message>
      <source>Import</source>
      <translation>导入</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Choose class list</source>
      <translation>选择班级名单</translation>
    </message>
    <message>
      <source>Class lists ({patterns})</source>
      <translation>班级名单（{patterns}）</translation>
    </message>
    <message>
      <source>{errors} problem(s) must be fixed in the file before it can be imported. Nothing has been stored. Fix the marked cells in Excel or WPS, save, and choose the file again.</source>
      <translation>文件中有 {errors} 处问题，修改后才能导入，目前没有保存任何数据。请在 Excel 或 WPS 中修改标红的单元格，保存后重新选择文件。</translation>
    </message>
    <message>
      <source>The file holds no pupils.</source>
      <translation>文件中没有学生。</translation>
    </message>
    <message>
      <source>{count} pupils ready to import.</source>
      <translation>检查通过，共 {count} 名学生，可以导入。</translation>
    </message>
    <message>
      <source>Errors: {errors}    Notes: {warnings}</source>
      <translation>错误：{errors} 处　　提醒：{warnings} 条</translation>
    </message>
    <message>
      <source>Error</source>
      <translation>错误</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>提醒</translation>
    </message>
    <message>
      <source>Import failed</source>
      <translation>导入失败</translation>
    </message>
    <message>
      <source>Nothing was stored. {reason}</source>
      <translation>没有保存任何数据。{reason}</translation>
    </message>
    <message>
      <source>Class list imported</source>
      <translation>名单已导入</translation>
    </message>
    <message>
      <source>Imported {total} pupils: {added} added, {updated} updated, {unchanged} unchanged.</source>
      <translation>已导入 {total} 名学生：新增 {added} 名，更新 {updated} 名，未变 {unchanged} 名。</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>After-school attendance and pickup</source>
      <translation>课后服务考勤与接领交接</translation>
    </message>
    <message>
      <source>Today</source>
      <translation>今日名单</translation>
    </message>
    <message>
      <source>Pupils</source>
      <translation>学生名单</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>Database: {where}</source>
      <translation>数据库：{where}</translation>
    </message>
    <message>
      <source>Simulated clock: the time shown is not the real time</source>
      <translation>模拟时钟：显示的时间不是当前真实时间</translation>
    </message>
    <message>
      <source>Demo school with invented pupils. The clock is simulated so that you always see a school afternoon; it is not the real time.</source>
      <translation>演示学校，学生均为虚构。时钟为模拟时间（总是显示上学日的下午），并非当前真实时间。</translation>
    </message>
    <message>
      <source> (simulated)</source>
      <translation>（模拟）</translation>
    </message>
  </context>
  <context>
    <name>OverrideDialog</name>
    <message>
      <source>New special date</source>
      <translation>新增特殊日期</translation>
    </message>
    <message>
      <source>e.g. 元旦放假, 期末考试, 暴雨提前放学, 国庆调休</source>
      <translation>例如：元旦放假、期末考试、暴雨提前放学、国庆调休</translation>
    </message>
    <message>
      <source>Date:</source>
      <translation>日期：</translation>
    </message>
    <message>
      <source>What happens:</source>
      <translation>类型：</translation>
    </message>
    <message>
      <source>Applies to:</source>
      <translation>范围：</translation>
    </message>
    <message>
      <source>Dismissal time:</source>
      <translation>放学时间：</translation>
    </message>
    <message>
      <source>Follows the timetable of:</source>
      <translation>按哪天的课表：</translation>
    </message>
    <message>
      <source>Reason:</source>
      <translation>原因：</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>No after-school service that day for the chosen grades (holiday, exam day).</source>
      <translation>所选年级当天停止课后服务（例如节假日、考试日）。</translation>
    </message>
    <message>
      <source>The chosen grades are dismissed at this time that day (e.g. 16:00 in bad weather).</source>
      <translation>所选年级当天在这个时间放学（例如恶劣天气 16:00 放学）。</translation>
    </message>
    <message>
      <source>A weekend school day (调休): the whole school follows the chosen weekday's timetable.</source>
      <translation>周末调休上课：全校按所选那天的课表开展课后服务。</translation>
    </message>
    <message>
      <source>A make-up school day can only be a Saturday or a Sunday: choose a weekend date.</source>
      <translation>调休上课只能设在周六或周日，请选择周末的日期。</translation>
    </message>
  </context>
  <context>
    <name>OverrideTableModel</name>
    <message>
      <source>This date has passed</source>
      <translation>这一天已经过去</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Applies to</source>
      <translation>范围</translation>
    </message>
    <message>
      <source>What happens</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
  </context>
  <context>
    <name>OverridesTab</name>
    <message>
      <source>Show dates that have passed</source>
      <translation>显示已过去的日期</translation>
    </message>
    <message>
      <source>New…</source>
      <translation>新增…</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Dates that differ from the usual schedule: no service (holiday, exam day), an earlier dismissal (bad weather) for the whole school or one grade band, or a weekend make-up school day. A grade band's own entry wins over a whole-school one.</source>
      <translation>与平常安排不同的日子：停止课后服务（节假日、考试日）、全校或某个年级段提前（调整）放学（恶劣天气），或周末调休上课。同一天里，年级段自己的安排优先于全校的安排。</translation>
    </message>
    <message>
      <source>Delete special date</source>
      <translation>删除特殊日期</translation>
    </message>
    <message>
      <source>Delete “{kind}” on {date} for {scope}?</source>
      <translation>确定删除 {date}（{scope}）的“{kind}”吗？</translation>
    </message>
  </context>
  <context>
    <name>PreviewModel</name>
    <message>
      <source>Row</source>
      <translation>行号</translation>
    </message>
  </context>
  <context>
    <name>RosterIssue</name>
    <message>
      <source>The file cannot be found.</source>
      <translation>找不到该文件。</translation>
    </message>
    <message>
      <source>This is not a class list the app can read. Save it from Excel or WPS as .xlsx, .xls or .csv and try again.</source>
      <translation>无法读取该文件，它不是可识别的名单表格。请在 Excel 或 WPS 中另存为 .xlsx、.xls 或 .csv 后再试。</translation>
    </message>
    <message>
      <source>The file is empty.</source>
      <translation>文件是空的。</translation>
    </message>
    <message>
      <source>The file is protected by a password. Open it in Excel or WPS, remove the password, save it and try again.</source>
      <translation>文件设置了打开密码。请在 Excel 或 WPS 中打开，取消密码后保存，再重新导入。</translation>
    </message>
    <message>
      <source>The text of the file cannot be read (unknown encoding). Save it from Excel as "CSV UTF-8" or as .xlsx.</source>
      <translation>无法识别文件的文字编码。请在 Excel 中另存为“CSV UTF-8”或 .xlsx 格式。</translation>
    </message>
    <message>
      <source>There is no sheet of that name. Sheets: {found}</source>
      <translation>没有这个工作表。文件中的工作表：{found}</translation>
    </message>
    <message>
      <source>Required column "{column}" is missing. Columns found: {found}</source>
      <translation>缺少必需的列“{column}”。文件中的列：{found}</translation>
    </message>
    <message>
      <source>Empty; a value is required.</source>
      <translation>不能为空。</translation>
    </message>
    <message>
      <source>Same student number as row {other_row}.</source>
      <translation>与第 {other_row} 行学号重复。</translation>
    </message>
    <message>
      <source>Cannot tell the class from "{value}" (write e.g. 三(2)班).</source>
      <translation>无法识别班级“{value}”（请写成 三(2)班 这样的格式）。</translation>
    </message>
    <message>
      <source>Grade "{value}" is not between 1 and 6.</source>
      <translation>年级“{value}”不在一至六年级之间。</translation>
    </message>
    <message>
      <source>"{value}" lost digits (scientific notation). Format the column as text in Excel and type the numbers again.</source>
      <translation>“{value}”是科学计数法，数字已丢失。请在 Excel 中把该列设为“文本”格式后重新输入。</translation>
    </message>
    <message>
      <source>"{value}" is not a phone number (11-digit mobile or landline with area code).</source>
      <translation>“{value}”不是有效的电话号码（应为 11 位手机号，或带区号的固定电话）。</translation>
    </message>
    <message>
      <source>"{value}" is not a gender (男 or 女).</source>
      <translation>“{value}”不是有效的性别（男 或 女）。</translation>
    </message>
    <message>
      <source>"{value}" is not a relation (e.g. 父亲, 母亲, 外婆).</source>
      <translation>“{value}”不是有效的关系（如 父亲、母亲、外婆）。</translation>
    </message>
    <message>
      <source>"{value}" is not 是 or 否.</source>
      <translation>“{value}”应为“是”或“否”。</translation>
    </message>
    <message>
      <source>Cannot read the service days "{value}" (write e.g. 周一至周五 or 一三五).</source>
      <translation>无法识别服务日“{value}”（请写成 周一至周五 或 一三五 这样的格式）。</translation>
    </message>
    <message>
      <source>"{value}" is not a departure mode (家长接送, 自行离校 or 托管机构).</source>
      <translation>“{value}”不是有效的离校方式（家长接送、自行离校 或 托管机构）。</translation>
    </message>
    <message>
      <source>Too long: at most {limit} characters.</source>
      <translation>太长了：最多 {limit} 个字。</translation>
    </message>
    <message>
      <source>Guardian {value} has no phone number.</source>
      <translation>监护人 {value} 没有联系电话。</translation>
    </message>
    <message>
      <source>A guardian phone number has no name.</source>
      <translation>有联系电话但没有监护人姓名。</translation>
    </message>
    <message>
      <source>No guardian listed.</source>
      <translation>没有填写监护人。</translation>
    </message>
    <message>
      <source>These columns are not imported: {columns}</source>
      <translation>以下列不会导入：{columns}</translation>
    </message>
    <message>
      <source>Row {row}</source>
      <translation>第 {row} 行</translation>
    </message>
  </context>
  <context>
    <name>SeasonDialog</name>
    <message>
      <source>Edit schedule</source>
      <translation>编辑作息时间</translation>
    </message>
    <message>
      <source>New schedule</source>
      <translation>新增作息时间</translation>
    </message>
    <message>
      <source>e.g. 夏令时</source>
      <translation>例如：夏令时</translation>
    </message>
    <message>
      <source>Name:</source>
      <translation>名称：</translation>
    </message>
    <message>
      <source>Start date:</source>
      <translation>开始日期：</translation>
    </message>
    <message>
      <source>Service window and dismissal time of each grade band</source>
      <translation>各年级段的延时服务时段与放学时间</translation>
    </message>
    <message>
      <source>Grade band</source>
      <translation>年级段</translation>
    </message>
    <message>
      <source>Service starts</source>
      <translation>服务开始</translation>
    </message>
    <message>
      <source>Service ends</source>
      <translation>服务结束</translation>
    </message>
    <message>
      <source>Dismissal</source>
      <translation>放学时间</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>A schedule applies from its start date until the next schedule starts.</source>
      <translation>一套作息时间从开始日期起使用，一直到下一套作息时间开始为止。</translation>
    </message>
    <message>
      <source>Dismissal is usually when the service window ends; it cannot be earlier.</source>
      <translation>放学时间通常就是服务结束的时间，不能早于服务结束。</translation>
    </message>
    <message>
      <source>{band}: {problem}</source>
      <translation>{band}：{problem}</translation>
    </message>
  </context>
  <context>
    <name>SeasonTableModel</name>
    <message>
      <source>until a next schedule starts</source>
      <translation>直到下一套开始</translation>
    </message>
    <message>
      <source>In use now</source>
      <translation>正在使用</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Start date</source>
      <translation>开始日期</translation>
    </message>
    <message>
      <source>Used until</source>
      <translation>使用到</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
  </context>
  <context>
    <name>SeasonsTab</name>
    <message>
      <source>New…</source>
      <translation>新增…</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>编辑…</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>A schedule (e.g. 冬令时 / 夏令时) applies from its start date until the next schedule starts. Each grade band has its own service window and dismissal time (staggered dismissal).</source>
      <translation>每套作息时间（例如冬令时 / 夏令时）从开始日期起使用，一直到下一套开始为止。各年级段有各自的延时服务时段和放学时间（错峰放学）。</translation>
    </message>
    <message>
      <source>Delete schedule</source>
      <translation>删除作息时间</translation>
    </message>
    <message>
      <source>Delete the schedule “{name}” (from {date})?</source>
      <translation>确定删除作息时间“{name}”（{date} 起）吗？</translation>
    </message>
  </context>
  <context>
    <name>SettingsPage</name>
    <message>
      <source>Schedule times</source>
      <translation>作息时间</translation>
    </message>
    <message>
      <source>Timetable</source>
      <translation>课程安排</translation>
    </message>
    <message>
      <source>Special dates</source>
      <translation>特殊日期</translation>
    </message>
    <message>
      <source>Other</source>
      <translation>其他</translation>
    </message>
  </context>
  <context>
    <name>SettingsText</name>
    <message>
      <source>Please enter a name for the schedule, e.g. 冬令时.</source>
      <translation>请填写作息时间的名称，例如“冬令时”。</translation>
    </message>
    <message>
      <source>The schedule name is too long (at most 40 characters).</source>
      <translation>作息时间的名称太长，最多 40 个字。</translation>
    </message>
    <message>
      <source>The service window must end after it starts (now {start}–{end}). Please check the times of each grade band.</source>
      <translation>服务结束时间必须晚于开始时间（现在是 {start}–{end}），请检查各年级段的时间。</translation>
    </message>
    <message>
      <source>Dismissal ({dismissal}) cannot be before the service window ends ({end}).</source>
      <translation>放学时间（{dismissal}）不能早于服务结束时间（{end}）。</translation>
    </message>
    <message>
      <source>Every grade band needs a service window. Please reopen the dialog.</source>
      <translation>每个年级段都需要填写服务时段，请关闭窗口后重新打开。</translation>
    </message>
    <message>
      <source>Another schedule already starts on {starts_on}. Please choose another start date.</source>
      <translation>{starts_on} 已经有另一套作息时间开始，请换一个开始日期。</translation>
    </message>
    <message>
      <source>At least one schedule must remain; the last one cannot be deleted.</source>
      <translation>至少要保留一套作息时间，最后一套不能删除。</translation>
    </message>
    <message>
      <source>There is no such place in the timetable (only period 1 and 2, Monday to Friday).</source>
      <translation>课表中没有这个位置（只有周一至周五的第一、第二课时）。</translation>
    </message>
    <message>
      <source>The activity name is too long (at most 60 characters).</source>
      <translation>课程名称太长，最多 60 个字。</translation>
    </message>
    <message>
      <source>Please choose what happens on that date.</source>
      <translation>请选择这一天的类型。</translation>
    </message>
    <message>
      <source>An earlier (changed) dismissal needs a dismissal time.</source>
      <translation>提前（调整）放学需要填写放学时间。</translation>
    </message>
    <message>
      <source>A make-up school day can only be a Saturday or a Sunday.</source>
      <translation>调休上课只能设在周六或周日。</translation>
    </message>
    <message>
      <source>Please choose which weekday's timetable the make-up day follows.</source>
      <translation>请选择调休当天按周几的课表上课。</translation>
    </message>
    <message>
      <source>{on_date} already has a special arrangement for this scope. To change it, delete the old one first.</source>
      <translation>{on_date} 对这个范围已经有一条特殊安排。如需修改，请先删除原来那条。</translation>
    </message>
    <message>
      <source>This special date cannot be saved. Please check what you entered.</source>
      <translation>这条特殊日期无法保存，请检查填写的内容。</translation>
    </message>
    <message>
      <source>The reason is too long (at most 200 characters).</source>
      <translation>原因太长，最多 200 个字。</translation>
    </message>
    <message>
      <source>The waiting time must be between 0 and 120 minutes.</source>
      <translation>等待时间必须在 0 到 120 分钟之间。</translation>
    </message>
    <message>
      <source>This record no longer exists (perhaps another computer deleted it).</source>
      <translation>这条记录已经不存在了（可能已在另一台电脑上删除）。</translation>
    </message>
    <message>
      <source>The change could not be saved (code {code}).</source>
      <translation>修改没有保存（代码 {code}）。</translation>
    </message>
    <message>
      <source>Cannot save</source>
      <translation>无法保存</translation>
    </message>
    <message>
      <source>No after-school service</source>
      <translation>停止课后服务</translation>
    </message>
    <message>
      <source>Earlier (changed) dismissal</source>
      <translation>提前（调整）放学</translation>
    </message>
    <message>
      <source>Make-up school day</source>
      <translation>调休上课</translation>
    </message>
    <message>
      <source>Dismissal at {time}</source>
      <translation>提前（调整）放学 {time}</translation>
    </message>
    <message>
      <source>Make-up day ({weekday} timetable)</source>
      <translation>调休上课（按{weekday}课表）</translation>
    </message>
    <message>
      <source>Whole school</source>
      <translation>全校</translation>
    </message>
    <message>
      <source>{start}–{end}, dismissal {dismissal}</source>
      <translation>{start}–{end}，{dismissal} 放学</translation>
    </message>
    <message>
      <source>Period 1</source>
      <translation>第一课时</translation>
    </message>
    <message>
      <source>Period 2</source>
      <translation>第二课时</translation>
    </message>
  </context>
  <context>
    <name>StudentsPage</name>
    <message>
      <source>Pupils</source>
      <translation>学生名单</translation>
    </message>
    <message>
      <source>Search by name, student no. or class</source>
      <translation>按姓名、学号或班级查找</translation>
    </message>
    <message>
      <source>Import class list…</source>
      <translation>导入班级名单…</translation>
    </message>
    <message>
      <source>Student no.</source>
      <translation>学号</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <source>Class</source>
      <translation>班级</translation>
    </message>
    <message>
      <source>After-school</source>
      <translation>课后服务</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>参加</translation>
    </message>
    <message>
      <source>No</source>
      <translation>不参加</translation>
    </message>
    <message>
      <source>Service days</source>
      <translation>服务日</translation>
    </message>
    <message>
      <source>Departure</source>
      <translation>离校方式</translation>
    </message>
    <message>
      <source>Guardians</source>
      <translation>监护人</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>{total} pupils, {enrolled} in after-school service</source>
      <translation>共 {total} 名学生，其中 {enrolled} 名参加课后服务</translation>
    </message>
    <message>
      <source>{shown} of {total} pupils shown</source>
      <translation>显示 {shown} 名 / 共 {total} 名</translation>
    </message>
  </context>
  <context>
    <name>Terms</name>
    <message>
      <source>Guardian pickup</source>
      <translation>家长接送</translation>
    </message>
    <message>
      <source>Leaves alone</source>
      <translation>自行离校</translation>
    </message>
    <message>
      <source>Institution pickup</source>
      <translation>托管机构</translation>
    </message>
    <message>
      <source>Sick leave</source>
      <translation>病假</translation>
    </message>
    <message>
      <source>Personal leave</source>
      <translation>事假</translation>
    </message>
    <message>
      <source>Mon</source>
      <translation>周一</translation>
    </message>
    <message>
      <source>Tue</source>
      <translation>周二</translation>
    </message>
    <message>
      <source>Wed</source>
      <translation>周三</translation>
    </message>
    <message>
      <source>Thu</source>
      <translation>周四</translation>
    </message>
    <message>
      <source>Fri</source>
      <translation>周五</translation>
    </message>
    <message>
      <source>Sat</source>
      <translation>周六</translation>
    </message>
    <message>
      <source>Sun</source>
      <translation>周日</translation>
    </message>
    <message>
      <source>Mon–Fri</source>
      <translation>周一至周五</translation>
    </message>
    <message>
      <source>、</source>
      <translation>、</translation>
    </message>
    <message>
      <source>{y}-{m}-{d} {w}</source>
      <translation>{y}年{m}月{d}日 {w}</translation>
    </message>
  </context>
  <context>
    <name>TimetableModel</name>
    <message>
      <source>Double-click or press F2 to change</source>
      <translation>双击或按 F2 修改</translation>
    </message>
    <message>
      <source>Grade band</source>
      <translation>年级段</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>课时</translation>
    </message>
  </context>
  <context>
    <name>TimetableTab</name>
    <message>
      <source>What each grade band does in period 1 and period 2 of each weekday. Double-click a cell (or select it and start typing) to change it; press Enter to save. Common activities: 自主阅读, 自主作业, 兴趣活动, 体育锻炼, 劳动实践.</source>
      <translation>各年级段每天第一、第二课时的活动。双击格子（或选中后直接输入）即可修改，按回车保存。常用活动：自主阅读、自主作业、兴趣活动、体育锻炼、劳动实践。</translation>
    </message>
  </context>
  <context>
    <name>TodayPage</name>
    <message>
      <source>Today</source>
      <translation>今天</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Date:</source>
      <translation>日期：</translation>
    </message>
    <message>
      <source>Import class list…</source>
      <translation>导入班级名单…</translation>
    </message>
    <message>
      <source>Class</source>
      <translation>班级</translation>
    </message>
    <message>
      <source>Expected</source>
      <translation>应到</translation>
    </message>
    <message>
      <source>Leave</source>
      <translation>请假</translation>
    </message>
    <message>
      <source>Student no.</source>
      <translation>学号</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Departure</source>
      <translation>离校方式</translation>
    </message>
    <message>
      <source>Guardians</source>
      <translation>监护人</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>After-school list · {date}</source>
      <translation>课后服务名单 · {date}</translation>
    </message>
    <message>
      <source>no season set</source>
      <translation>未设置作息时间</translation>
    </message>
    <message>
      <source>No after-school service on this day.</source>
      <translation>这一天没有课后服务。</translation>
    </message>
    <message>
      <source>Next service day: {date}.</source>
      <translation>下一个服务日：{date}。</translation>
    </message>
    <message>
      <source>{season} · {expected} pupils expected today, {leave} on leave</source>
      <translation>{season} · 今日应到 {expected} 人，请假 {leave} 人</translation>
    </message>
    <message>
      <source>No pupil is enrolled for today yet. Import the class list on the Pupils page, or mark pupils as enrolled in after-school service.</source>
      <translation>今天还没有参加课后服务的学生。请在“学生名单”页导入班级名单，或为学生登记参加课后服务。</translation>
    </message>
    <message>
      <source>{cls}: {expected} expected, {leave} on leave</source>
      <translation>{cls}：应到 {expected} 人，请假 {leave} 人</translation>
    </message>
  </context>
</TS>