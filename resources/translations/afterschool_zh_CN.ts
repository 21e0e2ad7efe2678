<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
  <context>
    <name>AccountText</name>
    <message>
      <source>Class teacher</source>
      <translation>班主任</translation>
    </message>
    <message>
      <source>Duty teacher</source>
      <translation>值班教师</translation>
    </message>
    <message>
      <source>Safety officer</source>
      <translation>安全负责人</translation>
    </message>
    <message>
      <source>{name} ({role})</source>
      <translation>{name}（{role}）</translation>
    </message>
    <message>
      <source>The two entries do not match.</source>
      <translation>两次输入的内容不一致，请重新输入。</translation>
    </message>
    <message>
      <source>A PIN has 4 to 8 digits and must not be as simple as 1234 or 0000; a password has at least 6 characters.</source>
      <translation>PIN 为 4–8 位数字，不能是 1234、0000 这样简单的数字；密码至少 6 个字符。</translation>
    </message>
    <message>
      <source>Staff number or PIN/password is wrong. {attempts_left} more tries before the account is locked.</source>
      <translation>工号或 PIN／密码不正确。再输错 {attempts_left} 次，账号将被暂时锁定。</translation>
    </message>
    <message>
      <source>Too many wrong tries: signing in is locked until {until}. Try again then, or ask the safety officer to unlock the account.</source>
      <translation>输错次数过多，已暂停登录至 {until}。请到时再试，或请安全负责人解除锁定。</translation>
    </message>
    <message>
      <source>Only the safety officer (administrator) may change accounts.</source>
      <translation>只有安全负责人（管理员）可以修改账号。</translation>
    </message>
    <message>
      <source>You cannot deactivate your own account or remove your own administrator role.</source>
      <translation>不能停用自己的账号，也不能取消自己的管理员角色。</translation>
    </message>
    <message>
      <source>At least one safety officer (administrator) who can sign in must stay.</source>
      <translation>至少要保留一位可以登录的安全负责人（管理员）。</translation>
    </message>
    <message>
      <source>The administrator account already exists (perhaps created on another computer). Please sign in.</source>
      <translation>管理员账号已经创建（可能是在另一台电脑上），请直接登录。</translation>
    </message>
    <message>
      <source>A PIN has 4 to 8 digits; a password at least 6 characters.</source>
      <translation>PIN 须为 4–8 位数字；密码至少 6 个字符。</translation>
    </message>
    <message>
      <source>The password is too long (at most {max} characters).</source>
      <translation>密码太长（最多 {max} 个字符）。</translation>
    </message>
    <message>
      <source>This PIN or password is too easy to guess (like 1234, 0000 or 111111). Please choose another.</source>
      <translation>这个 PIN 或密码太容易被猜到（如 1234、0000、111111），请换一个。</translation>
    </message>
    <message>
      <source>The PIN or password must not be the staff number.</source>
      <translation>PIN 或密码不能与工号相同。</translation>
    </message>
    <message>
      <source>Please enter the staff number.</source>
      <translation>请填写工号。</translation>
    </message>
    <message>
      <source>A staff number has only letters, digits, - or _ (at most 20 characters).</source>
      <translation>工号只能由字母、数字、- 或 _ 组成（最多 20 位）。</translation>
    </message>
    <message>
      <source>Staff number {staff_no} is already in use.</source>
      <translation>工号 {staff_no} 已被使用。</translation>
    </message>
    <message>
      <source>Please enter the name.</source>
      <translation>请填写姓名。</translation>
    </message>
    <message>
      <source>The name is too long (at most {max} characters).</source>
      <translation>姓名太长（最多 {max} 个字符）。</translation>
    </message>
    <message>
      <source>Please choose a role.</source>
      <translation>请选择角色。</translation>
    </message>
    <message>
      <source>A phone number has only digits, + and - (at most 20 characters).</source>
      <translation>电话号码只能包含数字、+ 和 -（最多 20 位）。</translation>
    </message>
    <message>
      <source>The automatic lock must come after {low} to {high} minutes.</source>
      <translation>自动锁定时间须在 {low} 到 {high} 分钟之间。</translation>
    </message>
    <message>
      <source>This record no longer exists (perhaps changed on another computer).</source>
      <translation>该记录已不存在（可能已在另一台电脑上修改）。</translation>
    </message>
    <message>
      <source>This could not be done (code {code}).</source>
      <translation>操作未能完成（代码 {code}）。</translation>
    </message>
    <message>
      <source>Not done</source>
      <translation>未能完成</translation>
    </message>
  </context>
  <context>
    <name>AccountsPage</name>
    <message>
      <source>Accounts</source>
      <translation>账号管理</translation>
    </message>
    <message>
      <source>Search by name or staff number</source>
      <translation>按姓名或工号查找</translation>
    </message>
    <message>
      <source>Add account…</source>
      <translation>添加账号…</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>编辑…</translation>
    </message>
    <message>
      <source>Reset PIN…</source>
      <translation>重置 PIN…</translation>
    </message>
    <message>
      <source>Unlock</source>
      <translation>解除锁定</translation>
    </message>
    <message>
      <source>Deactivate</source>
      <translation>停用</translation>
    </message>
    <message>
      <source>Staff no.</source>
      <translation>工号</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>Class</source>
      <translation>班级</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>在用</translation>
    </message>
    <message>
      <source>Deactivated</source>
      <translation>已停用</translation>
    </message>
    <message>
      <source>Sign-in</source>
      <translation>登录</translation>
    </message>
    <message>
      <source>Automatic lock</source>
      <translation>自动锁定</translation>
    </message>
    <message>
      <source> min</source>
      <translation> 分钟</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Lock the screen after this long without input:</source>
      <translation>无人操作多长时间后锁定屏幕：</translation>
    </message>
    <message>
      <source>Classroom PCs are shared: after this many minutes without keyboard or mouse input the screen shows the sign-in again. Nothing is lost, every record is already saved. Default: 5 minutes.</source>
      <translation>教室电脑多人共用：超过这段时间没有键盘或鼠标操作，屏幕会回到登录界面。不会丢失任何内容，每条记录都已保存。默认：5 分钟。</translation>
    </message>
    <message>
      <source>Locked until {time}</source>
      <translation>已锁定至 {time}</translation>
    </message>
    <message>
      <source>No PIN yet</source>
      <translation>尚未设置 PIN</translation>
    </message>
    <message>
      <source>Can sign in</source>
      <translation>可登录</translation>
    </message>
    <message>
      <source>Reactivate</source>
      <translation>重新启用</translation>
    </message>
    <message>
      <source>Account added.</source>
      <translation>账号已添加。</translation>
    </message>
    <message>
      <source>Account saved.</source>
      <translation>账号已保存。</translation>
    </message>
    <message>
      <source>New PIN set for {who}.</source>
      <translation>已为 {who} 设置新的 PIN。</translation>
    </message>
    <message>
      <source>{who} can sign in again.</source>
      <translation>{who} 已解除锁定，可以重新登录。</translation>
    </message>
    <message>
      <source>{who} deactivated.</source>
      <translation>已停用 {who}。</translation>
    </message>
    <message>
      <source>{who} reactivated.</source>
      <translation>已重新启用 {who}。</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
  </context>
  <context>
    <name>AlertBanner</name>
    <message>
      <source>Open the dismissal board</source>
      <translation>查看放学看板</translation>
    </message>
    <message>
      <source>Hide</source>
      <translation>隐藏</translation>
    </message>
    <message>
      <source>Unaccompanied: {n} pupils ({names}{more})</source>
      <translation>无人接领：{n} 名学生（{names}{more}）</translation>
    </message>
    <message>
      <source>Head count mismatch: {groups}</source>
      <translation>人数不符：{groups}</translation>
    </message>
  </context>
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
    <name>AttendancePage</name>
    <message>
      <source>My class</source>
      <translation>本班</translation>
    </message>
    <message>
      <source>Class:</source>
      <translation>班级：</translation>
    </message>
    <message>
      <source>Mark the selected pupil; key {keys}</source>
      <translation>标记所选学生；快捷键 {keys}</translation>
    </message>
    <message>
      <source>All others present  {keys}</source>
      <translation>其余全部出勤  {keys}</translation>
    </message>
    <message>
      <source>Mark every pupil not yet marked and not on leave present</source>
      <translation>把尚未点名、也未请假的学生全部记为出勤</translation>
    </message>
    <message>
      <source>Enter leave…</source>
      <translation>请假登记…</translation>
    </message>
    <message>
      <source>History of this mark…</source>
      <translation>查看修改记录…</translation>
    </message>
    <message>
      <source>↑↓ choose a pupil · a status key marks and moves to the next pupil · {all_keys}: all others present · left early is recorded at the pickup handoff</source>
      <translation>↑↓ 选择学生 · 按状态键点名，光标自动跳到下一位 · {all_keys}：其余全部出勤 · 早退在放学交接时记录</translation>
    </message>
    <message>
      <source>Grade band</source>
      <translation>年级段</translation>
    </message>
    <message>
      <source>Class</source>
      <translation>班级</translation>
    </message>
    <message>
      <source>By grade band</source>
      <translation>各年级段</translation>
    </message>
    <message>
      <source>By class</source>
      <translation>各班</translation>
    </message>
    <message>
      <source>Roll call · {date}</source>
      <translation>考勤点名 · {date}</translation>
    </message>
    <message>
      <source>There are no classes yet: import the class list.</source>
      <translation>还没有班级：请先导入班级名单。</translation>
    </message>
    <message>
      <source>{cls} · period 1</source>
      <translation>{cls} · 第一课时</translation>
    </message>
    <message>
      <source>: {activity}</source>
      <translation>：{activity}</translation>
    </message>
    <message>
      <source>No after-school service for this class on this day.</source>
      <translation>本班这一天没有课后服务。</translation>
    </message>
    <message>
      <source>No pupil of this class is enrolled in after-school service on this day.</source>
      <translation>本班这一天没有参加课后服务的学生。</translation>
    </message>
    <message>
      <source>Whole school</source>
      <translation>全校</translation>
    </message>
    <message>
      <source>Absent without notice — call the guardians now ({n}):</source>
      <translation>缺勤未请假 {n} 人——请立即联系家长：</translation>
    </message>
    <message>
      <source>{name} has not been marked yet.</source>
      <translation>{name} 还没有点名。</translation>
    </message>
    <message>
      <source>History: {name}</source>
      <translation>修改记录：{name}</translation>
    </message>
  </context>
  <context>
    <name>AttendanceText</name>
    <message>
      <source>Not marked</source>
      <translation>未点名</translation>
    </message>
    <message>
      <source>Present</source>
      <translation>出勤</translation>
    </message>
    <message>
      <source>Late</source>
      <translation>迟到</translation>
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
      <source>Absent</source>
      <translation>缺勤</translation>
    </message>
    <message>
      <source>Left early</source>
      <translation>早退</translation>
    </message>
    <message>
      <source>{total} on the list: present {present} · late {late} · leave {leave} · absent {absent} · not marked {unmarked}</source>
      <translation>应到 {total} 人：出勤 {present} · 迟到 {late} · 请假 {leave} · 缺勤 {absent} · 未点名 {unmarked}</translation>
    </message>
    <message>
      <source> (left early {n})</source>
      <translation>（出勤中含早退 {n}）</translation>
    </message>
    <message>
      <source>; </source>
      <translation>；</translation>
    </message>
    <message>
      <source>no guardian phone on file</source>
      <translation>没有登记家长电话</translation>
    </message>
    <message>
      <source>{name} ({cls}, period {period}, marked {time} by {by}): {phones}</source>
      <translation>{name}（{cls}，第{period}课时，{by} {time} 标记）：{phones}</translation>
    </message>
    <message>
      <source>{m}/{d}</source>
      <translation>{m}月{d}日</translation>
    </message>
    <message>
      <source>This status is not known.</source>
      <translation>无法识别这个考勤状态。</translation>
    </message>
    <message>
      <source>Only period 1 and period 2 have a roll call.</source>
      <translation>只有第一课时和第二课时点名。</translation>
    </message>
    <message>
      <source>A day that has not come yet cannot be marked. For absences ahead, enter leave.</source>
      <translation>还没到的日子不能点名。提前知道的缺席，请登记请假。</translation>
    </message>
    <message>
      <source>This pupil is not on that day's after-school list. Please refresh the page.</source>
      <translation>该生不在这一天的课后服务名单上，请刷新页面。</translation>
    </message>
    <message>
      <source>Please choose sick leave or personal leave.</source>
      <translation>请选择病假或事假。</translation>
    </message>
    <message>
      <source>The leave must end on or after its first day.</source>
      <translation>请假的结束日期不能早于开始日期。</translation>
    </message>
    <message>
      <source>A leave can last at most {days} days. Please check the dates (the year?).</source>
      <translation>一次请假最长 {days} 天，请检查日期（年份是否正确？）。</translation>
    </message>
    <message>
      <source>Please enter who reported the leave, e.g. 母亲（电话）.</source>
      <translation>请填写告知人，如：母亲（电话）。</translation>
    </message>
    <message>
      <source>Who reported the leave: at most {limit} characters.</source>
      <translation>告知人最多 {limit} 个字。</translation>
    </message>
    <message>
      <source>The reason is too long (at most {limit} characters).</source>
      <translation>原因太长（最多 {limit} 个字）。</translation>
    </message>
    <message>
      <source>This pupil already has leave from {start} to {end}. Cancel it first to change it.</source>
      <translation>该生已有 {start} 至 {end} 的请假。如需修改，请先撤销原来的请假。</translation>
    </message>
    <message>
      <source>This leave was cancelled already.</source>
      <translation>这条请假已经撤销。</translation>
    </message>
    <message>
      <source>The record no longer exists (changed at another station). Please refresh.</source>
      <translation>该记录已不存在（可能已在其他电脑上修改），请刷新。</translation>
    </message>
    <message>
      <source>Nothing was saved: the database cannot be reached. Please try again.</source>
      <translation>未能保存：无法连接数据库，请重试。</translation>
    </message>
    <message>
      <source>The change could not be saved (code {code}).</source>
      <translation>无法保存（错误代码 {code}）。</translation>
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
    <name>BoardModel</name>
    <message>
      <source>Class</source>
      <translation>班级</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>详情</translation>
    </message>
    <message>
      <source>Clock</source>
      <translation>计时</translation>
    </message>
    <message>
      <source>Duty teacher</source>
      <translation>值班教师</translation>
    </message>
    <message>
      <source>Not handed over</source>
      <translation>未移交</translation>
    </message>
  </context>
  <context>
    <name>BoardTable</name>
    <message>
      <source>All classes</source>
      <translation>全部班级</translation>
    </message>
    <message>
      <source>All states</source>
      <translation>全部状态</translation>
    </message>
    <message>
      <source>Name or student no.</source>
      <translation>姓名或学号</translation>
    </message>
    <message>
      <source>Class</source>
      <translation>班级</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>As of {time} · showing {shown} of {total} · still waiting {waiting}</source>
      <translation>截至 {time} · 显示 {shown}/{total} 人 · 仍在等待 {waiting} 人</translation>
    </message>
  </context>
  <context>
    <name>CameraView</name>
    <message>
      <source>Starting the camera…</source>
      <translation>正在启动摄像头…</translation>
    </message>
    <message>
      <source>The camera was disconnected. Plug it back in: scanning resumes by itself.</source>
      <translation>摄像头已断开。请重新插好，扫码会自动恢复。</translation>
    </message>
    <message>
      <source>No camera found. Use a handheld scanner or the check without card below.</source>
      <translation>未找到摄像头。请使用扫码枪，或下方的“无卡核验身份”。</translation>
    </message>
    <message>
      <source>The video has ended.</source>
      <translation>视频已播放完毕。</translation>
    </message>
    <message>
      <source>The camera failed: {detail}</source>
      <translation>摄像头故障：{detail}</translation>
    </message>
    <message>
      <source>The camera is off.</source>
      <translation>摄像头已关闭。</translation>
    </message>
  </context>
  <context>
    <name>CardPrintDialog</name>
    <message>
      <source>Print pickup cards</source>
      <translation>打印接送卡</translation>
    </message>
    <message>
      <source>{cards} cards on {pages} A4 pages, cut along the marks</source>
      <translation>共 {cards} 张接送卡，{pages} 页 A4 纸，请沿裁切线裁开</translation>
    </message>
    <message>
      <source>Print…</source>
      <translation>打印…</translation>
    </message>
    <message>
      <source>Save as PDF…</source>
      <translation>另存为 PDF…</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Save pickup cards as PDF</source>
      <translation>将接送卡保存为 PDF</translation>
    </message>
    <message>
      <source>pickup-cards.pdf</source>
      <translation>接送卡.pdf</translation>
    </message>
    <message>
      <source>PDF files (*.pdf)</source>
      <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>正在保存…</translation>
    </message>
    <message>
      <source>Saved {pages} pages to {path}</source>
      <translation>已保存 {pages} 页到 {path}</translation>
    </message>
    <message>
      <source>Could not save the PDF: {reason}</source>
      <translation>无法保存 PDF：{reason}</translation>
    </message>
  </context>
  <context>
    <name>CardsPage</name>
    <message>
      <source>Pickup cards</source>
      <translation>接送卡</translation>
    </message>
    <message>
      <source>Each guardian gets one family card listing all their children. Cards are issued to those who have none, then printed 10 to an A4 sheet (cut along the marks).</source>
      <translation>每位家长一张家庭接送卡，卡上列出其所有孩子。没有卡的家长会先发卡，再按每张 A4 纸 10 张打印（沿裁切线剪开）。</translation>
    </message>
    <message>
      <source>Whole school</source>
      <translation>全校</translation>
    </message>
    <message>
      <source>Class</source>
      <translation>班级</translation>
    </message>
    <message>
      <source>Pupil (student no.)</source>
      <translation>学生（学号）</translation>
    </message>
    <message>
      <source>e.g. 2023010101</source>
      <translation>例如 2023010101</translation>
    </message>
    <message>
      <source>Issue missing cards and print…</source>
      <translation>补发缺少的卡并打印…</translation>
    </message>
    <message>
      <source>A pupil's guardians and their cards</source>
      <translation>学生的监护人及其接送卡</translation>
    </message>
    <message>
      <source>Name, pinyin, initials or student no.</source>
      <translation>姓名、拼音、首字母或学号</translation>
    </message>
    <message>
      <source>Find</source>
      <translation>查找</translation>
    </message>
    <message>
      <source>Guardian</source>
      <translation>监护人</translation>
    </message>
    <message>
      <source>Relation</source>
      <translation>关系</translation>
    </message>
    <message>
      <source>Card no.</source>
      <translation>卡号</translation>
    </message>
    <message>
      <source>Version</source>
      <translation>版本</translation>
    </message>
    <message>
      <source>Valid until</source>
      <translation>有效期至</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Lost card: reissue…</source>
      <translation>挂失补办…</translation>
    </message>
    <message>
      <source>Revoke card…</source>
      <translation>作废此卡…</translation>
    </message>
    <message>
      <source>Print this card…</source>
      <translation>打印此卡…</translation>
    </message>
    <message>
      <source>{count} cards ready ({new} newly issued).</source>
      <translation>已准备 {count} 张接送卡（新发 {new} 张）。</translation>
    </message>
    <message>
      <source>No pupil found.</source>
      <translation>没有找到学生。</translation>
    </message>
    <message>
      <source>Reissue card</source>
      <translation>补办接送卡</translation>
    </message>
    <message>
      <source>Why is the card reissued (e.g. lost on 12月1日)?</source>
      <translation>补办原因（例如：12月1日遗失）：</translation>
    </message>
    <message>
      <source>Revoke card</source>
      <translation>作废接送卡</translation>
    </message>
    <message>
      <source>Why is the card revoked?</source>
      <translation>作废原因：</translation>
    </message>
    <message>
      <source>No card in force</source>
      <translation>无有效卡</translation>
    </message>
    <message>
      <source>Revoked</source>
      <translation>已作废</translation>
    </message>
    <message>
      <source>In force</source>
      <translation>有效</translation>
    </message>
    <message>
      <source>This PC has no card key file. The safety officer restores it from the key recovery sheet (see docs/security.md); cards already printed stay valid.</source>
      <translation>本机没有接送卡密钥文件。请安全负责人用“密钥恢复单”恢复（见 docs/security.md），已打印的卡仍然有效。</translation>
    </message>
    <message>
      <source>This PC's card key file is not this school's (or is damaged). Restore the school's key from the recovery sheet before issuing or checking cards.</source>
      <translation>本机的接送卡密钥文件不属于本校（或已损坏）。请先用本校的密钥恢复单恢复密钥，再发卡或验卡。</translation>
    </message>
    <message>
      <source>No such class or pupil.</source>
      <translation>没有这个班级或学生。</translation>
    </message>
    <message>
      <source>The cards could not be prepared (code {code}).</source>
      <translation>接送卡未能准备好（代码 {code}）。</translation>
    </message>
  </context>
  <context>
    <name>ChildPanel</name>
    <message>
      <source>Guardian, or type a name</source>
      <translation>选择家长，或输入姓名</translation>
    </message>
    <message>
      <source>Note (optional)</source>
      <translation>备注（可不填）</translation>
    </message>
    <message>
      <source>Notify the safety officer</source>
      <translation>通知安全负责人</translation>
    </message>
    <message>
      <source>Hand to a teacher's custody…</source>
      <translation>转留校看护…</translation>
    </message>
    <message>
      <source>Log a call</source>
      <translation>记录电话</translation>
    </message>
    <message>
      <source>Called</source>
      <translation>联系人</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Choose a pupil in the list to see guardian phones and calls.</source>
      <translation>在左侧名单中选择学生，查看家长电话和联系记录。</translation>
    </message>
    <message>
      <source>Guardians</source>
      <translation>家长电话</translation>
    </message>
    <message>
      <source>Calls</source>
      <translation>联系记录</translation>
    </message>
    <message>
      <source>No guardian on file.</source>
      <translation>没有登记家长。</translation>
    </message>
    <message>
      <source>This family was late {n} times in the last {weeks} weeks</source>
      <translation>本家庭近{weeks}周晚接 {n} 次</translation>
    </message>
    <message>
      <source>No call yet.</source>
      <translation>尚未联系。</translation>
    </message>
  </context>
  <context>
    <name>ClubEditor</name>
    <message>
      <source>Club</source>
      <translation>社团</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Room</source>
      <translation>地点</translation>
    </message>
    <message>
      <source>Teacher</source>
      <translation>指导老师</translation>
    </message>
    <message>
      <source>Members</source>
      <translation>人数</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>New club</source>
      <translation>新建社团</translation>
    </message>
    <message>
      <source>Stop club</source>
      <translation>停用社团</translation>
    </message>
    <message>
      <source>e.g. 机器人社团</source>
      <translation>如：机器人社团</translation>
    </message>
    <message>
      <source>e.g. 科学楼302</source>
      <translation>如：科学楼302</translation>
    </message>
    <message>
      <source>Save club</source>
      <translation>保存社团</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Meets</source>
      <translation>活动时间</translation>
    </message>
    <message>
      <source>Student no.</source>
      <translation>学号</translation>
    </message>
    <message>
      <source>Pupil</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Class</source>
      <translation>班级</translation>
    </message>
    <message>
      <source>Remove selected</source>
      <translation>移出所选</translation>
    </message>
    <message>
      <source>← Add to club</source>
      <translation>← 加入社团</translation>
    </message>
    <message>
      <source>(not chosen)</source>
      <translation>（未指定）</translation>
    </message>
    <message>
      <source>Running</source>
      <translation>开设中</translation>
    </message>
    <message>
      <source>Stopped</source>
      <translation>已停用</translation>
    </message>
    <message>
      <source>Start club again</source>
      <translation>重新开设</translation>
    </message>
    <message>
      <source>Members ({count})</source>
      <translation>成员（{count} 人）</translation>
    </message>
    <message>
      <source>Members: save the club first</source>
      <translation>成员：请先保存社团</translation>
    </message>
    <message>
      <source>{name} (member)</source>
      <translation>{name}（已在社团）</translation>
    </message>
  </context>
  <context>
    <name>ClubRollCall</name>
    <message>
      <source>Club:</source>
      <translation>社团：</translation>
    </message>
    <message>
      <source>All present (Ctrl+Enter)</source>
      <translation>全部出勤（Ctrl+Enter）</translation>
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
      <source>Class</source>
      <translation>班级</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Marked by</source>
      <translation>记录人</translation>
    </message>
    <message>
      <source>Click “All present”, then select a pupil and press 1 present, 2 late, 3 absent, 4 sick leave, 5 personal leave. Several pupils can be selected.</source>
      <translation>先点“全部出勤”，再选中学生按键标记例外：1 出勤、2 迟到、3 缺勤、4 病假、5 事假；可按住 Ctrl 或 Shift 多选。</translation>
    </message>
    <message>
      <source>No club of yours meets today, so there is no roll call to take.</source>
      <translation>今天没有您负责的社团活动，无需点名。</translation>
    </message>
    <message>
      <source>Teacher: {name}</source>
      <translation>指导老师：{name}</translation>
    </message>
    <message>
      <source>Expected {expected} · present {present} · late {late} · absent {absent} · leave {leave} · not marked {unmarked}</source>
      <translation>应到 {expected} 人 · 出勤 {present} · 迟到 {late} · 缺勤 {absent} · 请假 {leave} · 未点名 {unmarked}</translation>
    </message>
    <message>
      <source>No after-school service today</source>
      <translation>今天不参加课后服务</translation>
    </message>
    <message>
      <source>{leave} (reported)</source>
      <translation>{leave}（已请假）</translation>
    </message>
  </context>
  <context>
    <name>ClubsPage</name>
    <message>
      <source>Clubs (走班)</source>
      <translation>社团（走班）</translation>
    </message>
    <message>
      <source>Roll call</source>
      <translation>社团点名</translation>
    </message>
    <message>
      <source>Clubs and members</source>
      <translation>社团与成员</translation>
    </message>
    <message>
      <source>Where is a pupil now</source>
      <translation>学生现在在哪</translation>
    </message>
  </context>
  <context>
    <name>ClubsText</name>
    <message>
      <source>Aesthetics</source>
      <translation>审美</translation>
    </message>
    <message>
      <source>Fitness</source>
      <translation>健体</translation>
    </message>
    <message>
      <source>Maker</source>
      <translation>创客</translation>
    </message>
    <message>
      <source>Leadership</source>
      <translation>领袖</translation>
    </message>
    <message>
      <source>Homemaking</source>
      <translation>家政</translation>
    </message>
    <message>
      <source>A ball game per class</source>
      <translation>一班一球类</translation>
    </message>
    <message>
      <source>A guest lecturer a week</source>
      <translation>一周一讲师</translation>
    </message>
    <message>
      <source>An experiment station</source>
      <translation>一站一实验</translation>
    </message>
    <message>
      <source>A classic and its film</source>
      <translation>一著一电影</translation>
    </message>
    <message>
      <source>{name} (X course)</source>
      <translation>{name}（X 课程）</translation>
    </message>
    <message>
      <source>{name} (E course)</source>
      <translation>{name}（E 课程）</translation>
    </message>
    <message>
      <source>Not marked</source>
      <translation>未点名</translation>
    </message>
    <message>
      <source>Present</source>
      <translation>出勤</translation>
    </message>
    <message>
      <source>Late</source>
      <translation>迟到</translation>
    </message>
    <message>
      <source>Absent</source>
      <translation>缺勤</translation>
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
      <source>Left early</source>
      <translation>早退</translation>
    </message>
    <message>
      <source>Period 1</source>
      <translation>第一课时</translation>
    </message>
    <message>
      <source>Period 2</source>
      <translation>第二课时</translation>
    </message>
    <message>
      <source>Now at: {cls} classroom ({slot})</source>
      <translation>现在应在：{cls}教室（{slot}）</translation>
    </message>
    <message>
      <source>Now at: {place} ({period})</source>
      <translation>现在应在：{place}（{period}）</translation>
    </message>
    <message>
      <source>On leave ({kind})</source>
      <translation>已请假（{kind}）</translation>
    </message>
    <message>
      <source>Marked absent without notice in {period}: reach the guardian</source>
      <translation>{period}缺勤（未请假）：请立即联系家长</translation>
    </message>
    <message>
      <source>Has left school early</source>
      <translation>已提前离校（早退）</translation>
    </message>
    <message>
      <source>After-school service starts at {time}</source>
      <translation>课后服务 {time} 开始</translation>
    </message>
    <message>
      <source>Dismissed at {time}</source>
      <translation>已于 {time} 放学</translation>
    </message>
    <message>
      <source>No after-school service today</source>
      <translation>今天没有课后服务</translation>
    </message>
    <message>
      <source>You are not allowed to do this.</source>
      <translation>您没有权限进行此操作。</translation>
    </message>
    <message>
      <source>Please enter the club's name.</source>
      <translation>请填写社团名称。</translation>
    </message>
    <message>
      <source>The club's name is too long (at most {limit} characters).</source>
      <translation>社团名称太长（最多 {limit} 个字）。</translation>
    </message>
    <message>
      <source>Please choose a course category.</source>
      <translation>请选择课程类别。</translation>
    </message>
    <message>
      <source>The room is too long (at most {limit} characters).</source>
      <translation>地点太长（最多 {limit} 个字）。</translation>
    </message>
    <message>
      <source>Clubs meet from Monday to Friday.</source>
      <translation>社团活动只能安排在周一至周五。</translation>
    </message>
    <message>
      <source>Please choose period 1 or period 2.</source>
      <translation>请选择第一课时或第二课时。</translation>
    </message>
    <message>
      <source>That teacher no longer exists or is inactive. Please choose another.</source>
      <translation>这位老师已不存在或已停用，请另选一位。</translation>
    </message>
    <message>
      <source>Another club called {name} already meets at that time.</source>
      <translation>同一时间已有名为“{name}”的社团。</translation>
    </message>
    <message>
      <source>This teacher already runs {club} at that time. Please choose another.</source>
      <translation>这位老师在同一时间已指导“{club}”，请另选一位。</translation>
    </message>
    <message>
      <source>{name} is already in another club at that time; a pupil goes to one club per period.</source>
      <translation>{name} 在同一时间已参加另一个社团；每个课时只能参加一个社团。</translation>
    </message>
    <message>
      <source>This status cannot be set at the roll call.</source>
      <translation>点名时不能设置这个状态。</translation>
    </message>
    <message>
      <source>The roll call cannot be taken ahead of the day.</source>
      <translation>不能提前点名。</translation>
    </message>
    <message>
      <source>The club does not meet that day.</source>
      <translation>这个社团当天没有活动。</translation>
    </message>
    <message>
      <source>That pupil is not a member of this club.</source>
      <translation>这名学生不是本社团成员。</translation>
    </message>
    <message>
      <source>That pupil has no after-school service that day and cannot be marked.</source>
      <translation>这名学生当天不参加课后服务，不能点名。</translation>
    </message>
    <message>
      <source>Please choose weekdays for a weekly duty, or one date.</source>
      <translation>每周值守请勾选星期，或者选择一个日期。</translation>
    </message>
    <message>
      <source>Duties are from Monday to Friday.</source>
      <translation>值守只能安排在周一至周五。</translation>
    </message>
    <message>
      <source>{day} has passed; duties can only be arranged from today on.</source>
      <translation>{day} 已过去，只能安排今天及以后的值守。</translation>
    </message>
    <message>
      <source>That class or club no longer exists. Please choose another.</source>
      <translation>这个班级或社团已不存在，请另选。</translation>
    </message>
    <message>
      <source>The club meets on {weekday} in {period}; its duty must be then.</source>
      <translation>这个社团在{weekday}{period}活动，值守时间须与之一致。</translation>
    </message>
    <message>
      <source>This teacher already has this duty.</source>
      <translation>这位老师已有这项值守。</translation>
    </message>
    <message>
      <source>You have no duty today. The safety officer can add one on the duty roster.</source>
      <translation>您今天没有值守安排。安全负责人可在“值守安排”中添加。</translation>
    </message>
    <message>
      <source>You have already checked in for every duty today.</source>
      <translation>您今天的值守都已到岗。</translation>
    </message>
    <message>
      <source>Your duties today have already ended.</source>
      <translation>您今天的值守时间都已结束。</translation>
    </message>
    <message>
      <source>This record no longer exists (perhaps another computer changed it).</source>
      <translation>这条记录已不存在（可能已被其他电脑修改）。</translation>
    </message>
    <message>
      <source>The database cannot be reached. Please try again in a moment.</source>
      <translation>无法连接数据库，请稍后再试。</translation>
    </message>
    <message>
      <source>This could not be saved (code {code}).</source>
      <translation>未能完成（代码 {code}）。</translation>
    </message>
    <message>
      <source>Not done</source>
      <translation>未能完成</translation>
    </message>
  </context>
  <context>
    <name>ConsentDialog</name>
    <message>
      <source>Consent to leave alone</source>
      <translation>家长自行离校同意书</translation>
    </message>
    <message>
      <source>Received on</source>
      <translation>收到日期</translation>
    </message>
    <message>
      <source>The guardian's signed consent that the child may go home alone. Keep the paper in the pupil's file. The child may only leave alone when the school also allows the child's grade (Settings).</source>
      <translation>家长签字同意孩子放学后自行回家的同意书，纸质原件请存入学生档案。只有学校也允许该年级自行离校时（见“设置”），孩子才能自行离校。</translation>
    </message>
  </context>
  <context>
    <name>CountsModel</name>
    <message>
      <source>On list</source>
      <translation>应到</translation>
    </message>
    <message>
      <source>Present</source>
      <translation>出勤</translation>
    </message>
    <message>
      <source>Late</source>
      <translation>迟到</translation>
    </message>
    <message>
      <source>Leave</source>
      <translation>请假</translation>
    </message>
    <message>
      <source>Absent</source>
      <translation>缺勤</translation>
    </message>
    <message>
      <source>Not marked</source>
      <translation>未点名</translation>
    </message>
  </context>
  <context>
    <name>CoveragePage</name>
    <message>
      <source>Coverage: a teacher wherever there are children</source>
      <translation>看管情况：有学生就必须有老师</translation>
    </message>
    <message>
      <source>I am here</source>
      <translation>我已到岗</translation>
    </message>
    <message>
      <source>Now</source>
      <translation>当前</translation>
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
      <source>Group</source>
      <translation>班级/社团</translation>
    </message>
    <message>
      <source>Place</source>
      <translation>地点</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Expected</source>
      <translation>应到</translation>
    </message>
    <message>
      <source>Present</source>
      <translation>在场</translation>
    </message>
    <message>
      <source>Per teacher</source>
      <translation>每位老师</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Teachers</source>
      <translation>老师</translation>
    </message>
    <message>
      <source>Teacher</source>
      <translation>老师</translation>
    </message>
    <message>
      <source>Children</source>
      <translation>在场学生</translation>
    </message>
    <message>
      <source>Groups</source>
      <translation>看管</translation>
    </message>
    <message>
      <source>Children per teacher</source>
      <translation>每位老师看管的学生</translation>
    </message>
    <message>
      <source>Coverage board</source>
      <translation>看管情况</translation>
    </message>
    <message>
      <source>Duty roster</source>
      <translation>值守安排</translation>
    </message>
    <message>
      <source>No after-school service on this day.</source>
      <translation>这一天没有课后服务。</translation>
    </message>
    <message>
      <source>{date} {period}: {uncovered} groups with children and no teacher (red) · {waiting} teachers not yet here (orange) · {covered} covered (green) · {present} children present</source>
      <translation>{date} {period}：{uncovered} 组有学生无老师（红）· {waiting} 组老师未到岗（橙）· {covered} 组已到岗（绿）· 在场学生 {present} 人</translation>
    </message>
    <message>
      <source>{name}: no duty today.</source>
      <translation>{name}：今天没有值守安排。</translation>
    </message>
    <message>
      <source>checked in {time}</source>
      <translation>{time} 已到岗</translation>
    </message>
    <message>
      <source>not checked in, over</source>
      <translation>未到岗，已结束</translation>
    </message>
    <message>
      <source>not checked in</source>
      <translation>未到岗</translation>
    </message>
    <message>
      <source>Today's duties of {name}: {slots}</source>
      <translation>{name} 今天的值守：{slots}</translation>
    </message>
    <message>
      <source>{cls} classroom</source>
      <translation>{cls}教室</translation>
    </message>
    <message>
      <source>Children without a teacher</source>
      <translation>有学生无老师</translation>
    </message>
    <message>
      <source>Teacher not here yet</source>
      <translation>老师未到岗</translation>
    </message>
    <message>
      <source>Teacher here</source>
      <translation>已到岗</translation>
    </message>
    <message>
      <source>No duty</source>
      <translation>无人值守</translation>
    </message>
    <message>
      <source>{name} here {time}</source>
      <translation>{name} {time} 到岗</translation>
    </message>
    <message>
      <source>{name} not here</source>
      <translation>{name} 未到岗</translation>
    </message>
    <message>
      <source>nobody assigned</source>
      <translation>未安排老师</translation>
    </message>
  </context>
  <context>
    <name>CoverageText</name>
    <message>
      <source>School gate</source>
      <translation>校门</translation>
    </message>
  </context>
  <context>
    <name>CustodyDialog</name>
    <message>
      <source>Hand to a teacher's custody</source>
      <translation>转留校看护</translation>
    </message>
    <message>
      <source>Choose a teacher</source>
      <translation>请选择教师</translation>
    </message>
    <message>
      <source>{child} stays at school with this teacher until collected.</source>
      <translation>{child} 由这位老师留校看护，直到家长接走。</translation>
    </message>
    <message>
      <source>Teacher</source>
      <translation>看护教师</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
  </context>
  <context>
    <name>DatabaseBanner</name>
    <message>
      <source>The database cannot be reached. Nothing can be recorded until it is back; retrying by itself…</source>
      <translation>无法连接数据库。连接恢复前无法记录任何信息；正在自动重试…</translation>
    </message>
    <message>
      <source>The database is reachable again; recording works as before.</source>
      <translation>数据库已重新连接，可以照常记录。</translation>
    </message>
  </context>
  <context>
    <name>DateBar</name>
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
  </context>
  <context>
    <name>DismissalGroup</name>
    <message>
      <source>Dismissal and unaccompanied children</source>
      <translation>放学与无人接领</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Grades that may leave alone:</source>
      <translation>允许自行离校的年级：</translation>
    </message>
    <message>
      <source>Only with the guardian's signed consent on file (recorded on the pupil's page under Authorized adults). Pupils of other grades are always collected, even with a consent. Default: grades 3 to 6.</source>
      <translation>还须有家长签字的自行离校同意书（在“接送授权”页该学生的信息中登记）。其他年级的学生一律由家长接走，即使有同意书也不例外。默认：三至六年级。</translation>
    </message>
    <message>
      <source>Call the guardians after:</source>
      <translation>电话联系监护人：</translation>
    </message>
    <message>
      <source>Hand over to a duty teacher (custody) after:</source>
      <translation>交值班教师留校看护：</translation>
    </message>
    <message>
      <source>Notify the safety officer after:</source>
      <translation>通知安全负责人：</translation>
    </message>
    <message>
      <source>Minutes after a child is flagged unaccompanied. Each step comes later than the one before. Default: 5, 15 and 30 minutes.</source>
      <translation>以上为学生被标记“无人接领”之后的分钟数，每一步须晚于前一步。默认：5、15、30 分钟。</translation>
    </message>
    <message>
      <source> min</source>
      <translation> 分钟</translation>
    </message>
    <message>
      <source>Only the safety officer may change these settings.</source>
      <translation>只有安全负责人可以修改这些设置。</translation>
    </message>
    <message>
      <source>{grades} may leave alone</source>
      <translation>{grades}可自行离校</translation>
    </message>
    <message>
      <source>no grade may leave alone</source>
      <translation>所有年级均不可自行离校</translation>
    </message>
    <message>
      <source>Saved: {allowed}; {call} / {custody} / {officer} min.</source>
      <translation>已保存：{allowed}；{call} / {custody} / {officer} 分钟。</translation>
    </message>
  </context>
  <context>
    <name>DismissalPage</name>
    <message>
      <source>Group handover…</source>
      <translation>班级移交…</translation>
    </message>
    <message>
      <source>Confirm leaving alone…</source>
      <translation>自行离校确认…</translation>
    </message>
    <message>
      <source>Wall screen</source>
      <translation>大屏模式</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Pupils still waiting per duty teacher</source>
      <translation>各值班教师待接人数</translation>
    </message>
    <message>
      <source>Not up to date: {reason}</source>
      <translation>未能更新：{reason}</translation>
    </message>
    <message>
      <source>Dismissal board · {date} · {station}</source>
      <translation>放学看板 · {date} · {station}</translation>
    </message>
  </context>
  <context>
    <name>DismissalSettingsText</name>
    <message>
      <source>Only grades 1 to 6 exist.</source>
      <translation>只有一至六年级。</translation>
    </message>
    <message>
      <source>Each step must be between {low} and {high} minutes.</source>
      <translation>每一步须在 {low} 至 {high} 分钟之间。</translation>
    </message>
    <message>
      <source>The custody transfer ({custody} min) must come after the call to the guardians ({call} min).</source>
      <translation>留校看护（{custody} 分钟）须晚于电话联系监护人（{call} 分钟）。</translation>
    </message>
    <message>
      <source>Notifying the safety officer ({officer} min) must come after the custody transfer ({custody} min).</source>
      <translation>通知安全负责人（{officer} 分钟）须晚于留校看护（{custody} 分钟）。</translation>
    </message>
    <message>
      <source>The consent cannot have been received after today ({on}).</source>
      <translation>同意书的收到日期（{on}）不能晚于今天。</translation>
    </message>
    <message>
      <source>Only the safety officer may change this.</source>
      <translation>只有安全负责人可以修改。</translation>
    </message>
    <message>
      <source>This pupil or enrolment no longer exists (perhaps another computer changed it).</source>
      <translation>该学生或其课后服务报名已不存在（可能已在其他电脑上修改）。</translation>
    </message>
    <message>
      <source>The change could not be saved (code {code}).</source>
      <translation>修改没有保存（代码 {code}）。</translation>
    </message>
  </context>
  <context>
    <name>DismissalText</name>
    <message>
      <source>Waiting</source>
      <translation>待接</translation>
    </message>
    <message>
      <source>Unaccompanied</source>
      <translation>无人接领</translation>
    </message>
    <message>
      <source>Handed over</source>
      <translation>已接走</translation>
    </message>
    <message>
      <source>Left alone</source>
      <translation>自行离校</translation>
    </message>
    <message>
      <source>Institution</source>
      <translation>托管机构</translation>
    </message>
    <message>
      <source>In custody</source>
      <translation>留校看护</translation>
    </message>
    <message>
      <source>On leave</source>
      <translation>请假</translation>
    </message>
    <message>
      <source>Absent</source>
      <translation>缺勤</translation>
    </message>
    <message>
      <source>Not marked</source>
      <translation>未点名</translation>
    </message>
    <message>
      <source>Still waiting</source>
      <translation>仍在等待</translation>
    </message>
    <message>
      <source>{time} taken by {person}</source>
      <translation>{time} 由 {person}接走</translation>
    </message>
    <message>
      <source>late pickup</source>
      <translation>晚接</translation>
    </message>
    <message>
      <source>left early</source>
      <translation>早退</translation>
    </message>
    <message>
      <source>identity checked without card</source>
      <translation>无卡核验身份</translation>
    </message>
    <message>
      <source>released by override</source>
      <translation>特批放行</translation>
    </message>
    <message>
      <source>No answer</source>
      <translation>未接通</translation>
    </message>
    <message>
      <source>On the way</source>
      <translation>正在赶来</translation>
    </message>
    <message>
      <source>Other arrangement</source>
      <translation>另有安排</translation>
    </message>
    <message>
      <source>Safety officer notified</source>
      <translation>已通知安全负责人</translation>
    </message>
    <message>
      <source>Kept at school by {teacher} since {time}</source>
      <translation>留校看护：{teacher} {time}</translation>
    </message>
    <message>
      <source>Left alone at {time}</source>
      <translation>自行离校 {time}</translation>
    </message>
    <message>
      <source>Last call: {call}</source>
      <translation>最近联系：{call}</translation>
    </message>
    <message>
      <source>Leaves alone: confirm at dismissal</source>
      <translation>自行离校：放学时确认</translation>
    </message>
    <message>
      <source>Collected by an institution</source>
      <translation>托管机构接</translation>
    </message>
    <message>
      <source>call the guardians</source>
      <translation>联系家长</translation>
    </message>
    <message>
      <source>hand to a teacher's custody</source>
      <translation>转留校看护</translation>
    </message>
    <message>
      <source>notify the safety officer</source>
      <translation>通知安全负责人</translation>
    </message>
    <message>
      <source>{n} min · due: {step}</source>
      <translation>已 {n} 分钟 · 应：{step}</translation>
    </message>
    <message>
      <source>{n} min · call from {time}</source>
      <translation>已 {n} 分钟 · {time} 起联系家长</translation>
    </message>
    <message>
      <source>No after-school service today: {reason}</source>
      <translation>今日无课后服务：{reason}</translation>
    </message>
    <message>
      <source>No after-school service today</source>
      <translation>今日无课后服务</translation>
    </message>
    <message>
      <source>Dismissal in {time}</source>
      <translation>距放学 {time}</translation>
    </message>
    <message>
      <source>Unaccompanied: {n}</source>
      <translation>无人接领 {n} 人</translation>
    </message>
    <message>
      <source>Dismissal now</source>
      <translation>正在放学</translation>
    </message>
    <message>
      <source>Dismissed {n} min ago</source>
      <translation>已放学 {n} 分钟</translation>
    </message>
    <message>
      <source>waiting {n}</source>
      <translation>待接 {n}</translation>
    </message>
    <message>
      <source>handed over {n}</source>
      <translation>已接走 {n}</translation>
    </message>
    <message>
      <source>left alone {n}</source>
      <translation>自行离校 {n}</translation>
    </message>
    <message>
      <source>institution {n}</source>
      <translation>托管机构 {n}</translation>
    </message>
    <message>
      <source>custody {n}</source>
      <translation>留校看护 {n}</translation>
    </message>
    <message>
      <source>Unaccompanied: {n} pupils ({names}{more})</source>
      <translation>无人接领：{n} 名学生（{names}{more}）</translation>
    </message>
    <message>
      <source>Head count mismatch: {group} handed by {source} to {target} at {time}: counted {count}, expected {expected}</source>
      <translation>人数不符：{group} 由 {source} 于 {time} 移交给 {target}，清点 {count} 人，应到 {expected} 人</translation>
    </message>
    <message>
      <source>grade not allowed to leave alone</source>
      <translation>年级不允许</translation>
    </message>
    <message>
      <source>no guardian consent on file</source>
      <translation>无家长同意书</translation>
    </message>
    <message>
      <source>Please tick at least one pupil.</source>
      <translation>请至少勾选一名学生。</translation>
    </message>
    <message>
      <source>This pupil is not registered to leave alone (自行离校).</source>
      <translation>该学生登记的离校方式不是自行离校。</translation>
    </message>
    <message>
      <source>The school does not let pupils of this grade leave alone.</source>
      <translation>学校不允许该年级学生自行离校。</translation>
    </message>
    <message>
      <source>There is no guardian consent on file for leaving alone.</source>
      <translation>没有家长签字的自行离校同意书。</translation>
    </message>
    <message>
      <source>This pupil is not marked present today; check the roll call first.</source>
      <translation>该学生今天未登记出勤，请先核对考勤。</translation>
    </message>
    <message>
      <source>It is not yet dismissal time for this grade band. Please wait until dismissal.</source>
      <translation>还没到该年级段的放学时间，请到放学时间再确认。</translation>
    </message>
    <message>
      <source>This pupil has already left (another station recorded it).</source>
      <translation>该学生已离校（其他工作站已记录）。</translation>
    </message>
    <message>
      <source>Please choose a class or club.</source>
      <translation>请选择班级或社团。</translation>
    </message>
    <message>
      <source>The head count is not a valid number.</source>
      <translation>清点人数不正确。</translation>
    </message>
    <message>
      <source>The group is handed from one teacher to another: choose two people.</source>
      <translation>移交需要两位不同的教师，请重新选择。</translation>
    </message>
    <message>
      <source>The note is too long.</source>
      <translation>备注太长。</translation>
    </message>
    <message>
      <source>Please choose the result of the call.</source>
      <translation>请选择通话结果。</translation>
    </message>
    <message>
      <source>Please choose or type whom you called.</source>
      <translation>请选择或输入联系的人。</translation>
    </message>
    <message>
      <source>That person is not this pupil's guardian.</source>
      <translation>此人不是该学生的家长。</translation>
    </message>
    <message>
      <source>This record no longer exists (perhaps another computer changed it).</source>
      <translation>该记录已不存在（可能已在其他电脑上修改）。</translation>
    </message>
    <message>
      <source>The database cannot be reached. Please try again in a moment.</source>
      <translation>无法连接数据库，请稍后再试。</translation>
    </message>
    <message>
      <source>This could not be saved (code {code}).</source>
      <translation>未能保存（代码 {code}）。</translation>
    </message>
    <message>
      <source>Not done</source>
      <translation>未完成</translation>
    </message>
  </context>
  <context>
    <name>DutyCounts</name>
    <message>
      <source>Duty teacher</source>
      <translation>值班教师</translation>
    </message>
    <message>
      <source>Counted from the first dismissal on</source>
      <translation>第一批放学后开始统计</translation>
    </message>
    <message>
      <source>Not handed over</source>
      <translation>未移交</translation>
    </message>
  </context>
  <context>
    <name>DutyEditor</name>
    <message>
      <source>Weekly duties</source>
      <translation>每周值守</translation>
    </message>
    <message>
      <source>Duties on one date (replace the weekly ones)</source>
      <translation>指定日期值守（替换当天的每周值守）</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>课时</translation>
    </message>
    <message>
      <source>Group</source>
      <translation>班级/社团</translation>
    </message>
    <message>
      <source>Teacher</source>
      <translation>老师</translation>
    </message>
    <message>
      <source>Remove selected</source>
      <translation>删除所选</translation>
    </message>
    <message>
      <source>Add duty</source>
      <translation>添加值守</translation>
    </message>
    <message>
      <source>New duty</source>
      <translation>新增值守</translation>
    </message>
    <message>
      <source>Weekdays</source>
      <translation>星期</translation>
    </message>
    <message>
      <source>{count} duties</source>
      <translation>共 {count} 项值守</translation>
    </message>
    <message>
      <source>{club} ({weekday} {period})</source>
      <translation>{club}（{weekday} {period}）</translation>
    </message>
    <message>
      <source>A duty on one date replaces that day's weekly duties of the same group and period (a stand-in).</source>
      <translation>指定日期的值守会替换当天同一班级/社团、同一课时的每周值守（代班）。</translation>
    </message>
  </context>
  <context>
    <name>GateFailures</name>
    <message>
      <source>Card NOT checked: the database cannot be reached</source>
      <translation>未核验！无法连接数据库</translation>
    </message>
    <message>
      <source>Do not release on this screen. Scan again when the red bar is gone; if the database is not back within a few minutes, follow the school's emergency plan and record handoffs on paper.</source>
      <translation>请勿凭此屏幕放行。红色提示条消失后再扫一次；若几分钟内数据库仍未恢复，请按学校应急预案改用纸质登记交接。</translation>
    </message>
    <message>
      <source>Card NOT checked</source>
      <translation>未核验！</translation>
    </message>
    <message>
      <source>the database's disk is full</source>
      <translation>数据库所在的磁盘已满</translation>
    </message>
    <message>
      <source>the database is read-only</source>
      <translation>数据库处于只读状态</translation>
    </message>
    <message>
      <source>the database's disk cannot be read or written</source>
      <translation>数据库所在的磁盘读写出错</translation>
    </message>
    <message>
      <source>NOT recorded: {cause}. Keep the child here and call the school's IT contact; until it is fixed, follow the school's emergency plan and record handoffs on paper.</source>
      <translation>未记录！{cause}。请让孩子留下，并联系学校的信息技术负责人；修复之前请按学校应急预案改用纸质登记交接。</translation>
    </message>
    <message>
      <source>NOT recorded: the database cannot be reached. Keep the child here and try again; if the database is not back within a few minutes, follow the school's emergency plan and record the handoff on paper.</source>
      <translation>未记录！无法连接数据库。请让孩子留下，稍后再试；若几分钟内数据库仍未恢复，请按学校应急预案改用纸质登记交接。</translation>
    </message>
    <message>
      <source>NOT recorded: {reason}</source>
      <translation>未记录！{reason}</translation>
    </message>
  </context>
  <context>
    <name>GatePage</name>
    <message>
      <source>Check identity without card (F2)</source>
      <translation>无卡核验身份（F2）</translation>
    </message>
    <message>
      <source>Large type</source>
      <translation>大字模式</translation>
    </message>
    <message>
      <source>Station settings…</source>
      <translation>本机设置…</translation>
    </message>
    <message>
      <source>Space or Enter: confirm · F2: no card · Esc: clear · a handheld scanner works anywhere on this page</source>
      <translation>空格或回车：确认交接 · F2：无卡核验 · Esc：清除 · 扫码枪在本页任意位置都可扫码</translation>
    </message>
    <message>
      <source>Undone.</source>
      <translation>已撤销。</translation>
    </message>
    <message>
      <source>Camera: starting</source>
      <translation>摄像头：正在启动</translation>
    </message>
    <message>
      <source>Camera: scanning</source>
      <translation>摄像头：正在扫码</translation>
    </message>
    <message>
      <source>Camera: disconnected, waiting for it to come back</source>
      <translation>摄像头：已断开，重新插好后自动恢复</translation>
    </message>
    <message>
      <source>Camera: none found; the scanner and the manual check work</source>
      <translation>摄像头：没有找到摄像头；扫码枪和无卡核验仍可使用</translation>
    </message>
    <message>
      <source>Camera: the video has ended</source>
      <translation>摄像头：视频已播放完</translation>
    </message>
    <message>
      <source>Camera: failed</source>
      <translation>摄像头：出现故障</translation>
    </message>
    <message>
      <source>Recorded: {names} handed to {holder}</source>
      <translation>已记录：{names} 已交给 {holder}</translation>
    </message>
    <message>
      <source>{name} was already taken by {receiver} at {time} ({station})</source>
      <translation>{name} 已于 {time} 由 {receiver} 接走（{station}），未重复记录</translation>
    </message>
    <message>
      <source>Station: {name}</source>
      <translation>接领点：{name}</translation>
    </message>
  </context>
  <context>
    <name>GateSettingsDialog</name>
    <message>
      <source>Gate station settings</source>
      <translation>接领点设置</translation>
    </message>
    <message>
      <source>e.g. East gate</source>
      <translation>例如：东门</translation>
    </message>
    <message>
      <source>Camera {n}</source>
      <translation>摄像头 {n}</translation>
    </message>
    <message>
      <source>Video file or folder…</source>
      <translation>视频文件…</translation>
    </message>
    <message>
      <source>Off: the teacher confirms</source>
      <translation>关闭（由老师确认）</translation>
    </message>
    <message>
      <source> s</source>
      <translation> 秒</translation>
    </message>
    <message>
      <source>Large type (wall screen)</source>
      <translation>大字模式（挂墙屏幕）</translation>
    </message>
    <message>
      <source>Mute the sounds</source>
      <translation>关闭提示音</translation>
    </message>
    <message>
      <source>Station name</source>
      <translation>接领点名称</translation>
    </message>
    <message>
      <source>Camera</source>
      <translation>摄像头</translation>
    </message>
    <message>
      <source>Confirm automatically after</source>
      <translation>自动确认等待</translation>
    </message>
    <message>
      <source>Video file</source>
      <translation>视频文件</translation>
    </message>
    <message>
      <source>Videos (*.mp4 *.avi *.mkv *.mov)</source>
      <translation>视频 (*.mp4 *.avi *.mkv *.mov)</translation>
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
    <name>GradeWords</name>
    <message>
      <source>1</source>
      <translation>一</translation>
    </message>
    <message>
      <source>2</source>
      <translation>二</translation>
    </message>
    <message>
      <source>3</source>
      <translation>三</translation>
    </message>
    <message>
      <source>4</source>
      <translation>四</translation>
    </message>
    <message>
      <source>5</source>
      <translation>五</translation>
    </message>
    <message>
      <source>6</source>
      <translation>六</translation>
    </message>
    <message>
      <source>, </source>
      <translation>、</translation>
    </message>
    <message>
      <source>grade {numbers}</source>
      <translation>{numbers}年级</translation>
    </message>
  </context>
  <context>
    <name>GroupTransferDialog</name>
    <message>
      <source>Hand a group to the duty teacher</source>
      <translation>班级移交给值班教师</translation>
    </message>
    <message>
      <source>{name} · {n} expected</source>
      <translation>{name} · 应到 {n} 人</translation>
    </message>
    <message>
      <source> · handed over {time}</source>
      <translation> · 已于 {time} 移交</translation>
    </message>
    <message>
      <source> pupils</source>
      <translation> 人</translation>
    </message>
    <message>
      <source>Class or club</source>
      <translation>班级或社团</translation>
    </message>
    <message>
      <source>Expected pupils</source>
      <translation>应到名单</translation>
    </message>
    <message>
      <source>From teacher</source>
      <translation>移交教师</translation>
    </message>
    <message>
      <source>To duty teacher</source>
      <translation>接收值班教师</translation>
    </message>
    <message>
      <source>Head count</source>
      <translation>清点人数</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Record the handover</source>
      <translation>记录移交</translation>
    </message>
    <message>
      <source>No class or club has pupils at school now.</source>
      <translation>现在没有仍有学生在校的班级或社团。</translation>
    </message>
    <message>
      <source>Differs from the {n} expected</source>
      <translation>与应到 {n} 人不符</translation>
    </message>
    <message>
      <source>Please choose the group and both teachers.</source>
      <translation>请选择班级（社团）和两位教师。</translation>
    </message>
    <message>
      <source>Head count does not match! {group}: counted {count}, the records expect {expected}. Expected pupils: {names}</source>
      <translation>人数不符！{group}：清点 {count} 人，记录应到 {expected} 人。应到名单：{names}</translation>
    </message>
  </context>
  <context>
    <name>GuardianDialog</name>
    <message>
      <source>Edit guardian</source>
      <translation>编辑监护人</translation>
    </message>
    <message>
      <source>Add guardian</source>
      <translation>添加监护人</translation>
    </message>
    <message>
      <source>This guardian is shared with {names}: a new name or phone changes it for every one of these children.</source>
      <translation>该监护人同时是 {names} 的监护人：修改姓名或电话会对这些孩子一起生效。</translation>
    </message>
  </context>
  <context>
    <name>HistoryDialog</name>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>By</source>
      <translation>操作人</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>操作</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>内容</translation>
    </message>
    <message>
      <source>No changes have been recorded for this yet.</source>
      <translation>暂无修改记录。</translation>
    </message>
    <message>
      <source>Checking that the records are complete…</source>
      <translation>正在核对记录是否完整…</translation>
    </message>
    <message>
      <source>The records cannot be read: {reason}</source>
      <translation>无法读取记录：{reason}</translation>
    </message>
    <message>
      <source>Correction of entry {seq}</source>
      <translation>更正第 {seq} 条记录</translation>
    </message>
    <message>
      <source>School set up</source>
      <translation>创建学校</translation>
    </message>
    <message>
      <source>Demo school created</source>
      <translation>创建演示学校</translation>
    </message>
    <message>
      <source>Waiting time before unaccompanied changed</source>
      <translation>修改无人接领等待时间</translation>
    </message>
    <message>
      <source>Class list imported</source>
      <translation>导入名单</translation>
    </message>
    <message>
      <source>Schedule times changed</source>
      <translation>修改作息时间</translation>
    </message>
    <message>
      <source>Schedule deleted</source>
      <translation>删除作息时间</translation>
    </message>
    <message>
      <source>Course changed</source>
      <translation>修改课程</translation>
    </message>
    <message>
      <source>Special date added</source>
      <translation>添加特殊日期</translation>
    </message>
    <message>
      <source>Special date removed</source>
      <translation>删除特殊日期</translation>
    </message>
    <message>
      <source>Personal data erased</source>
      <translation>个人信息删除</translation>
    </message>
    <message>
      <source>Personal data exported</source>
      <translation>个人信息导出</translation>
    </message>
    <message>
      <source>name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>from</source>
      <translation>起始日期</translation>
    </message>
    <message>
      <source>service windows</source>
      <translation>服务时段</translation>
    </message>
    <message>
      <source>date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>dismissal</source>
      <translation>放学时间</translation>
    </message>
    <message>
      <source>file</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>added</source>
      <translation>新增</translation>
    </message>
    <message>
      <source>updated</source>
      <translation>更新</translation>
    </message>
    <message>
      <source>unchanged</source>
      <translation>未变</translation>
    </message>
    <message>
      <source>pupils</source>
      <translation>学生数</translation>
    </message>
    <message>
      <source>defaults</source>
      <translation>默认设置</translation>
    </message>
    <message>
      <source>changes</source>
      <translation>更改</translation>
    </message>
    <message>
      <source>personal data erased</source>
      <translation>个人信息已删除</translation>
    </message>
    <message>
      <source>erasure entry</source>
      <translation>删除记录</translation>
    </message>
    <message>
      <source>{count} items</source>
      <translation>{count} 项</translation>
    </message>
    <message>
      <source>Records complete, not altered</source>
      <translation>记录完整，未被改动</translation>
    </message>
    <message>
      <source>Warning: the records were altered. First bad entry: no. {seq} ({time}), {problem}.</source>
      <translation>警告：记录已被改动！第一条有问题的记录：第 {seq} 条（{time}），{problem}。</translation>
    </message>
    <message>
      <source>Warning: the records were altered. First bad entry: no. {seq}, {problem}.</source>
      <translation>警告：记录已被改动！第一条有问题的记录：第 {seq} 条，{problem}。</translation>
    </message>
    <message>
      <source>Could not check whether the records are complete: {reason}</source>
      <translation>无法核对记录是否完整：{reason}</translation>
    </message>
    <message>
      <source>its content was changed</source>
      <translation>内容被修改</translation>
    </message>
    <message>
      <source>its content was changed and its check value recomputed</source>
      <translation>内容被修改并重算了校验值</translation>
    </message>
    <message>
      <source>an entry before it was deleted</source>
      <translation>它前面的记录被删除</translation>
    </message>
    <message>
      <source>it was inserted afterwards</source>
      <translation>该记录是事后插入的</translation>
    </message>
    <message>
      <source>entries were moved out of order</source>
      <translation>记录顺序被调换</translation>
    </message>
    <message>
      <source>entries at the end were deleted</source>
      <translation>末尾的记录被删除</translation>
    </message>
    <message>
      <source>the last entry was rewritten</source>
      <translation>最后一条记录被改写</translation>
    </message>
  </context>
  <context>
    <name>HolderCard</name>
    <message>
      <source>Unknown card holder</source>
      <translation>持卡人不明</translation>
    </message>
    <message>
      <source>Identity checked, no card</source>
      <translation>无卡 · 人工核验身份</translation>
    </message>
    <message>
      <source>Card {no}</source>
      <translation>卡号 {no}</translation>
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
    <name>IncidentDialog</name>
    <message>
      <source>Correct an incident</source>
      <translation>更正事故记录</translation>
    </message>
    <message>
      <source>Record an incident</source>
      <translation>记录事故</translation>
    </message>
    <message>
      <source>Where, how, who was involved</source>
      <translation>地点、经过、涉及的人</translation>
    </message>
    <message>
      <source>First aid, school doctor, sent home …</source>
      <translation>现场处置、校医处理、家长接回……</translation>
    </message>
    <message>
      <source>Guardian notified</source>
      <translation>已通知家长</translation>
    </message>
    <message>
      <source>by</source>
      <translation>通知人</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>发生时间</translation>
    </message>
    <message>
      <source>Pupil</source>
      <translation>学生</translation>
    </message>
    <message>
      <source>What happened</source>
      <translation>事情经过</translation>
    </message>
    <message>
      <source>What was done</source>
      <translation>处理措施</translation>
    </message>
    <message>
      <source>Guardian</source>
      <translation>家长</translation>
    </message>
  </context>
  <context>
    <name>IncidentsPage</name>
    <message>
      <source>Record incident…</source>
      <translation>记录事故…</translation>
    </message>
    <message>
      <source>Correct…</source>
      <translation>更正…</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Pupil</source>
      <translation>学生</translation>
    </message>
    <message>
      <source>What happened</source>
      <translation>事情经过</translation>
    </message>
    <message>
      <source>What was done</source>
      <translation>处理措施</translation>
    </message>
    <message>
      <source>Guardian notified</source>
      <translation>通知家长</translation>
    </message>
    <message>
      <source>Recorded by</source>
      <translation>记录人</translation>
    </message>
    <message>
      <source>Record patrol…</source>
      <translation>记录巡查…</translation>
    </message>
    <message>
      <source>Inspector</source>
      <translation>巡查人</translation>
    </message>
    <message>
      <source>Findings</source>
      <translation>巡查情况</translation>
    </message>
    <message>
      <source>Praise</source>
      <translation>表扬</translation>
    </message>
    <message>
      <source>Problems</source>
      <translation>存在问题</translation>
    </message>
    <message>
      <source>Record every injury, illness or conflict and when the guardian was told. A record is corrected by whoever recorded it or by the safety officer; each correction is kept in the audit log.</source>
      <translation>学生受伤、生病或发生冲突，都要记录，并记下何时通知了家长。记录由记录人本人或安全员更正，每次更正都保留在审计日志中。</translation>
    </message>
    <message>
      <source>Safety records · {date}</source>
      <translation>安全记录 · {date}</translation>
    </message>
    <message>
      <source>Incidents ({n})</source>
      <translation>事故/事件（{n}）</translation>
    </message>
    <message>
      <source>Patrols ({n})</source>
      <translation>巡查记录（{n}）</translation>
    </message>
    <message>
      <source>No patrol recorded yet today (one patrol a day).</source>
      <translation>今天还没有巡查记录（一天一巡查）。</translation>
    </message>
    <message>
      <source>Not done</source>
      <translation>未完成</translation>
    </message>
    <message>
      <source>Not yet</source>
      <translation>尚未通知</translation>
    </message>
    <message>
      <source>{time} by {name}</source>
      <translation>{time} {name}</translation>
    </message>
    <message>
      <source>{name}
corrected {n}×</source>
      <translation>{name}
已更正 {n} 次</translation>
    </message>
    <message>
      <source>Recorded {at}</source>
      <translation>记录于 {at}</translation>
    </message>
  </context>
  <context>
    <name>InstitutionDialog</name>
    <message>
      <source>Authorize institution</source>
      <translation>授权托管机构</translation>
    </message>
    <message>
      <source>(new institution)</source>
      <translation>（新机构）</translation>
    </message>
    <message>
      <source>Institution</source>
      <translation>机构</translation>
    </message>
    <message>
      <source>New name</source>
      <translation>新机构名称</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
  </context>
  <context>
    <name>LeaveDialog</name>
    <message>
      <source>Enter leave</source>
      <translation>请假登记</translation>
    </message>
    <message>
      <source>to</source>
      <translation>至</translation>
    </message>
    <message>
      <source>e.g. fever, family matter</source>
      <translation>如：发烧、家中有事</translation>
    </message>
    <message>
      <source>e.g. 母亲（电话）</source>
      <translation>如：母亲（电话）</translation>
    </message>
    <message>
      <source>Pupil:</source>
      <translation>学生：</translation>
    </message>
    <message>
      <source>Kind:</source>
      <translation>类别：</translation>
    </message>
    <message>
      <source>Dates:</source>
      <translation>日期：</translation>
    </message>
    <message>
      <source>Reason:</source>
      <translation>原因：</translation>
    </message>
    <message>
      <source>Reported by:</source>
      <translation>告知人：</translation>
    </message>
    <message>
      <source>Leave of this pupil (recent and ahead)</source>
      <translation>该生的请假记录（近期及今后）</translation>
    </message>
    <message>
      <source>Cancel selected leave</source>
      <translation>撤销所选请假</translation>
    </message>
    <message>
      <source>Save leave</source>
      <translation>保存请假</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>No leave entered.</source>
      <translation>暂无请假记录。</translation>
    </message>
    <message>
      <source>{kind} {start}–{end}: {reason} (reported by {who}; entered by {by})</source>
      <translation>{kind} {start}—{end}：{reason}（告知人 {who}，登记人 {by}）</translation>
    </message>
    <message>
      <source> — cancelled</source>
      <translation>（已撤销）</translation>
    </message>
  </context>
  <context>
    <name>LogPage</name>
    <message>
      <source>Re-issue…</source>
      <translation>重新出具…</translation>
    </message>
    <message>
      <source>Open archive folder</source>
      <translation>打开存档文件夹</translation>
    </message>
    <message>
      <source>Close the day…</source>
      <translation>日结…</translation>
    </message>
    <message>
      <source>Preview and print…</source>
      <translation>预览并打印…</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <source>Full phone numbers (safety officer only)</source>
      <translation>含完整电话（仅限安全负责人）</translation>
    </message>
    <message>
      <source>Daily supervision log</source>
      <translation>看管记录</translation>
    </message>
    <message>
      <source>Reports</source>
      <translation>报表</translation>
    </message>
    <message>
      <source>Weekly diagnosis</source>
      <translation>一周一诊断</translation>
    </message>
    <message>
      <source>Monthly attendance</source>
      <translation>月度出勤汇总</translation>
    </message>
    <message>
      <source>The day is closed once every present pupil was handed over, released alone or taken into a teacher's custody; its log is then archived. A correction afterwards is kept in the audit log and the archive gets a re-issued log that says why. Phone numbers are masked except in the safety officer's full export.</source>
      <translation>每名到校学生都已交接、自行离校或留校看护后才能日结，日结时生成看管记录并存档。日结后的更正记入审计日志，存档将重新出具看管记录并注明原因。除安全负责人的完整导出外，电话号码一律隐去中间四位。</translation>
    </message>
    <message>
      <source>Daily log and reports · {date}</source>
      <translation>看管记录与报表 · {date}</translation>
    </message>
    <message>
      <source>{year}-{month}</source>
      <translation>{year}年{month}月</translation>
    </message>
    <message>
      <source>Not closed yet</source>
      <translation>尚未日结</translation>
    </message>
    <message>
      <source>Dismissal is not over yet.</source>
      <translation>放学尚未结束。</translation>
    </message>
    <message>
      <source>{n} pupils are still unaccounted for: {names}</source>
      <translation>仍有 {n} 名学生未落实：{names}</translation>
    </message>
    <message>
      <source>Every present pupil is accounted for: the day can be closed.</source>
      <translation>到校学生均已落实，可以日结。</translation>
    </message>
    <message>
      <source>Closed at {time} by {who}</source>
      <translation>已于 {time} 由 {who} 日结</translation>
    </message>
    <message>
      <source>Archive: issue {version} · {file}</source>
      <translation>存档第{version}版 {file}</translation>
    </message>
    <message>
      <source>{n} corrections since the day was closed: the archive needs a re-issued log</source>
      <translation>日结后有 {n} 处更正，存档需重新出具</translation>
    </message>
    <message>
      <source>Close the day</source>
      <translation>日结</translation>
    </message>
    <message>
      <source>Close {date}? Its log is generated and archived. A correction afterwards is kept in the audit log and needs a re-issued log.</source>
      <translation>确定为 {date} 日结吗？日结时生成看管记录并存档。日结后的更正会记入审计日志，并需重新出具看管记录。</translation>
    </message>
    <message>
      <source>Not done</source>
      <translation>未完成</translation>
    </message>
    <message>
      <source>The archived log is not on this computer: {path}</source>
      <translation>本机找不到存档的看管记录：{path}</translation>
    </message>
    <message>
      <source>Daily log {date} (archived)</source>
      <translation>看管记录 {date}（存档）</translation>
    </message>
    <message>
      <source>Daily log</source>
      <translation>看管记录</translation>
    </message>
    <message>
      <source>Export the daily log</source>
      <translation>导出看管记录</translation>
    </message>
    <message>
      <source>PDF (*.pdf);;Excel workbook (*.xlsx);;CSV for Excel (*.csv)</source>
      <translation>PDF 文件 (*.pdf);;Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <source>Export the weekly diagnosis</source>
      <translation>导出一周一诊断</translation>
    </message>
    <message>
      <source>PDF (*.pdf);;Excel workbook (*.xlsx)</source>
      <translation>PDF 文件 (*.pdf);;Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <source>Export the monthly attendance</source>
      <translation>导出月度出勤汇总</translation>
    </message>
    <message>
      <source>Exported</source>
      <translation>已导出</translation>
    </message>
    <message>
      <source>Saved to {path}</source>
      <translation>已保存到 {path}</translation>
    </message>
  </context>
  <context>
    <name>LogText</name>
    <message>
      <source> … {n} in all</source>
      <translation> …… 共 {n} 名</translation>
    </message>
    <message>
      <source>The day cannot be closed yet: {count} pupils are present but neither handed over, released alone nor in a teacher's custody:
{names}</source>
      <translation>暂不能日结：仍有 {count} 名到校学生既未交接、未自行离校，也未留校看护：
{names}</translation>
    </message>
    <message>
      <source>This day was already closed (perhaps at another computer). The page now shows it.</source>
      <translation>这一天已经日结（可能在另一台电脑上），页面已更新。</translation>
    </message>
    <message>
      <source>A day that has not happened yet cannot be closed.</source>
      <translation>尚未到来的日期不能日结。</translation>
    </message>
    <message>
      <source>Only a closed day's log can be re-issued.</source>
      <translation>只有已日结的日期才能重新出具看管记录。</translation>
    </message>
    <message>
      <source>Please say why the log is re-issued.</source>
      <translation>请说明重新出具的原因。</translation>
    </message>
    <message>
      <source>Please save the log as PDF, Excel (.xlsx) or CSV.</source>
      <translation>看管记录只能保存为 PDF、Excel（.xlsx）或 CSV 文件。</translation>
    </message>
    <message>
      <source>Please save the report as PDF or Excel (.xlsx).</source>
      <translation>报表只能保存为 PDF 或 Excel（.xlsx）文件。</translation>
    </message>
    <message>
      <source>The database cannot be reached. Please try again in a moment.</source>
      <translation>无法连接数据库，请稍后再试。</translation>
    </message>
    <message>
      <source>The file could not be written: {reason}</source>
      <translation>无法写入文件：{reason}</translation>
    </message>
    <message>
      <source>This could not be done. The error was logged.</source>
      <translation>操作未完成，错误已记入日志。</translation>
    </message>
    <message>
      <source>This could not be done (code {code}).</source>
      <translation>操作未完成（代码 {code}）。</translation>
    </message>
    <message>
      <source>Day closed</source>
      <translation>已日结</translation>
    </message>
    <message>
      <source>The day is closed. Its log was archived as:
{path}</source>
      <translation>已日结，看管记录已存档：
{path}</translation>
    </message>
    <message>
      <source>Open archive folder</source>
      <translation>打开存档文件夹</translation>
    </message>
    <message>
      <source>Re-issue the log</source>
      <translation>重新出具看管记录</translation>
    </message>
    <message>
      <source>The day's records were corrected after it was closed. The archive gets a new issue of the log that says so.
Why is it re-issued?</source>
      <translation>这一天日结后有记录被更正，存档将新出具一版看管记录并注明。
重新出具的原因：</translation>
    </message>
    <message>
      <source>Re-issue</source>
      <translation>重新出具</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>After-school attendance and pickup</source>
      <translation>课后服务考勤与接领交接</translation>
    </message>
    <message>
      <source>Sign out</source>
      <translation>退出登录</translation>
    </message>
    <message>
      <source>Today</source>
      <translation>今日名单</translation>
    </message>
    <message>
      <source>Attendance</source>
      <translation>考勤点名</translation>
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
      <source>Gate</source>
      <translation>接领交接</translation>
    </message>
    <message>
      <source>Dismissal</source>
      <translation>放学看板</translation>
    </message>
    <message>
      <source>Daily log</source>
      <translation>看管记录</translation>
    </message>
    <message>
      <source>Clubs</source>
      <translation>走班社团</translation>
    </message>
    <message>
      <source>Duty and coverage</source>
      <translation>值班看护</translation>
    </message>
    <message>
      <source>Safety records</source>
      <translation>安全记录</translation>
    </message>
    <message>
      <source>Authorized adults</source>
      <translation>接送授权</translation>
    </message>
    <message>
      <source>Pickup cards</source>
      <translation>接送卡</translation>
    </message>
    <message>
      <source>Accounts</source>
      <translation>账号管理</translation>
    </message>
    <message>
      <source>The screen was locked after {minutes} min without input. Nothing is lost; please sign in again.</source>
      <translation>屏幕在 {minutes} 分钟无人操作后已自动锁定。内容不会丢失，请重新登录。</translation>
    </message>
    <message>
      <source>Import class list</source>
      <translation>导入学生名单</translation>
    </message>
    <message>
      <source>Only the safety officer can import class lists.</source>
      <translation>只有安全负责人可以导入学生名单，请联系安全负责人。</translation>
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
    <name>ManualCheckDialog</name>
    <message>
      <source>Check identity without card</source>
      <translation>无卡核验身份</translation>
    </message>
    <message>
      <source>1. Find the child</source>
      <translation>1. 查找学生</translation>
    </message>
    <message>
      <source>Pinyin / initials / name / student no.</source>
      <translation>拼音 / 首字母 / 姓名 / 学号</translation>
    </message>
    <message>
      <source>Do-not-release list: never release to</source>
      <translation>禁接名单：严禁放行给以下人员</translation>
    </message>
    <message>
      <source>2. Who is collecting? Compare the face and the ID card</source>
      <translation>2. 谁来接？请核对相貌和身份证件</translation>
    </message>
    <message>
      <source>Check this adult</source>
      <translation>核验此人</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Find the child first: type a name, pinyin or initials.</source>
      <translation>请先查找学生：输入姓名、拼音或首字母。</translation>
    </message>
    <message>
      <source>Searching needs the database, which cannot be reached now. Type again when the red bar is gone; until then follow the school's emergency plan and record handoffs on paper.</source>
      <translation>现在无法连接数据库，无法查找学生。红色提示条消失后再输入一次；在此之前请按学校应急预案改用纸质登记交接。</translation>
    </message>
    <message>
      <source>Type a name, pinyin (zhangsan) or initials (zs).</source>
      <translation>请输入姓名、拼音（zhangsan）或首字母（zs）。</translation>
    </message>
    <message>
      <source>{n} pupils found</source>
      <translation>找到 {n} 名学生</translation>
    </message>
    <message>
      <source>Guardian</source>
      <translation>监护人</translation>
    </message>
    <message>
      <source>Proxy pickup today</source>
      <translation>今日代接</translation>
    </message>
    <message>
      <source>Staff of {institution}</source>
      <translation>{institution}工作人员</translation>
    </message>
    <message>
      <source>No photo</source>
      <translation>无照片</translation>
    </message>
    <message>
      <source>None of them: refuse</source>
      <translation>都不是——拒绝放行</translation>
    </message>
    <message>
      <source>3. Reason (required, at most 200 characters)</source>
      <translation>3. 原因（必填，最多200字）</translation>
    </message>
    <message>
      <source>No card with them; checked the ID card</source>
      <translation>未带接送卡，已核对身份证件</translation>
    </message>
    <message>
      <source>Card lost; phoned the parent to confirm</source>
      <translation>接送卡遗失，已电话联系家长确认</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>返回</translation>
    </message>
    <message>
      <source>Release</source>
      <translation>放行</translation>
    </message>
    <message>
      <source>Do not release</source>
      <translation>不得放行</translation>
    </message>
    <message>
      <source>This adult is not on the list of {name}</source>
      <translation>此人不在{name}的接送名单上</translation>
    </message>
    <message>
      <source>A guardian may ask the class teacher or the safety officer to add a one-day proxy pickup for this adult.</source>
      <translation>可请家长联系班主任或安全负责人为此人登记当日代接。</translation>
    </message>
    <message>
      <source>NOT checked: the database cannot be reached</source>
      <translation>未核验！无法连接数据库</translation>
    </message>
    <message>
      <source>Do not release on this screen. Try again when the red bar is gone; until then follow the school's emergency plan and record handoffs on paper.</source>
      <translation>请勿凭此屏幕放行。红色提示条消失后再试；在此之前请按学校应急预案改用纸质登记交接。</translation>
    </message>
    <message>
      <source>Enter a reason to release.</source>
      <translation>请填写原因后放行。</translation>
    </message>
    <message>
      <source>This person is on the do-not-release list: never release. Keep the child inside and call the safety officer now.</source>
      <translation>此人在禁接名单上：严禁放行！请将学生留在校内，立即报告安全负责人。</translation>
    </message>
    <message>
      <source>This adult is not authorized for this child: do not release. A guardian may ask the class teacher or the safety officer to add a one-day proxy pickup.</source>
      <translation>此人未获授权接该生：不得放行。可请家长联系班主任或安全负责人登记当日代接。</translation>
    </message>
    <message>
      <source>The child has already been collected today: no second handoff.</source>
      <translation>该生今日已被接走，不再交接。</translation>
    </message>
    <message>
      <source>This verdict cannot be released here.</source>
      <translation>此结果不能在此放行。</translation>
    </message>
  </context>
  <context>
    <name>NameGrid</name>
    <message>
      <source>… and {n} more</source>
      <translation>……另有 {n} 人</translation>
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
    <message>
      <source>Release with reason</source>
      <translation>说明原因放行</translation>
    </message>
    <message>
      <source>Which children go with this adult?</source>
      <translation>哪些学生随此人离校？</translation>
    </message>
    <message>
      <source>{name} ({class_name})</source>
      <translation>{name}（{class_name}）</translation>
    </message>
    <message>
      <source>Reason (required, at most 200 characters)</source>
      <translation>原因（必填，最多200字）</translation>
    </message>
    <message>
      <source>Attendance was not recorded; checked the child is at school</source>
      <translation>考勤漏记，已核实在校</translation>
    </message>
    <message>
      <source>Parent confirmed the early pickup by phone</source>
      <translation>家长电话确认提前接走</translation>
    </message>
    <message>
      <source>Parent phoned: this adult collects today</source>
      <translation>家长来电确认今日由此人接走</translation>
    </message>
    <message>
      <source>The release is logged with your name and this reason.</source>
      <translation>此次放行将连同您的姓名和原因记入看管记录。</translation>
    </message>
    <message>
      <source>Release</source>
      <translation>放行</translation>
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
    <name>PatrolDialog</name>
    <message>
      <source>Correct a patrol</source>
      <translation>更正巡查记录</translation>
    </message>
    <message>
      <source>Record a patrol</source>
      <translation>记录巡查</translation>
    </message>
    <message>
      <source>Classes and clubs visited, order, a teacher with every group …</source>
      <translation>巡查了哪些班级和社团、秩序、各组是否有老师……</translation>
    </message>
    <message>
      <source>Good examples to praise</source>
      <translation>值得表扬的优秀典型</translation>
    </message>
    <message>
      <source>Problems to feed back</source>
      <translation>需要反馈的问题</translation>
    </message>
    <message>
      <source>Inspector</source>
      <translation>巡查人</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>巡查时间</translation>
    </message>
    <message>
      <source>Findings</source>
      <translation>巡查情况</translation>
    </message>
    <message>
      <source>Praise</source>
      <translation>表扬</translation>
    </message>
    <message>
      <source>Problems</source>
      <translation>存在问题</translation>
    </message>
  </context>
  <context>
    <name>PdfPrintDialog</name>
    <message>
      <source>{name}: {pages} pages</source>
      <translation>{name}：共 {pages} 页</translation>
    </message>
    <message>
      <source>Print…</source>
      <translation>打印…</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
  </context>
  <context>
    <name>PeoplePage</name>
    <message>
      <source>Authorized adults</source>
      <translation>接送授权</translation>
    </message>
    <message>
      <source>Import photos from folder…</source>
      <translation>从文件夹导入照片…</translation>
    </message>
    <message>
      <source>Pinyin / initials / name / student no.</source>
      <translation>拼音/首字母/姓名/学号</translation>
    </message>
    <message>
      <source>Type a name, pinyin (zhangsan), initials (zs).</source>
      <translation>输入姓名、拼音（zhangsan）或首字母（zs）。</translation>
    </message>
    <message>
      <source>{n} pupils found</source>
      <translation>找到 {n} 名学生</translation>
    </message>
    <message>
      <source>No photo</source>
      <translation>无照片</translation>
    </message>
    <message>
      <source>Search for a pupil on the left.</source>
      <translation>请在左侧搜索学生。</translation>
    </message>
    <message>
      <source>Photo…</source>
      <translation>照片…</translation>
    </message>
    <message>
      <source>Guardians</source>
      <translation>监护人</translation>
    </message>
    <message>
      <source>shared with {names}</source>
      <translation>同为 {names} 的监护人</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>编辑</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>移除</translation>
    </message>
    <message>
      <source>Proxy pickup (代接)</source>
      <translation>代接</translation>
    </message>
    <message>
      <source>valid today</source>
      <translation>今日有效</translation>
    </message>
    <message>
      <source>not yet valid</source>
      <translation>尚未生效</translation>
    </message>
    <message>
      <source>{when} ({state}); phoned in by {caller}</source>
      <translation>{when}（{state}）；来电人：{caller}</translation>
    </message>
    <message>
      <source>Written: {note}</source>
      <translation>书面授权：{note}</translation>
    </message>
    <message>
      <source>Revoke</source>
      <translation>撤销</translation>
    </message>
    <message>
      <source>Institutions (托管机构)</source>
      <translation>托管机构</translation>
    </message>
    <message>
      <source>Add staff</source>
      <translation>添加工作人员</translation>
    </message>
    <message>
      <source>Do not release to (禁止接走)</source>
      <translation>禁止接走</translation>
    </message>
    <message>
      <source>court order of {date}</source>
      <translation>法院裁定（{date}）</translation>
    </message>
    <message>
      <source>no court order</source>
      <translation>无法院裁定</translation>
    </message>
    <message>
      <source>Lift</source>
      <translation>解除</translation>
    </message>
    <message>
      <source>Add…</source>
      <translation>添加…</translation>
    </message>
    <message>
      <source>Withdraw the consent? The child will no longer be let go alone.</source>
      <translation>撤回同意书？撤回后该学生将不能再自行离校。</translation>
    </message>
    <message>
      <source>Remove this guardian from this pupil? Siblings keep them.</source>
      <translation>从该学生移除此监护人？兄弟姐妹的监护关系不变。</translation>
    </message>
    <message>
      <source>Revoke this proxy pickup?</source>
      <translation>撤销这条代接授权？</translation>
    </message>
    <message>
      <source>Stop this institution collecting this pupil?</source>
      <translation>取消该托管机构接走此学生的授权？</translation>
    </message>
    <message>
      <source>Remove this staff member? They can no longer collect any pupil.</source>
      <translation>移除该工作人员？其将不能再接走任何学生。</translation>
    </message>
    <message>
      <source>Lift this do-not-release entry? The person may then be released to.</source>
      <translation>解除这条禁止接走记录？解除后可将学生交给此人。</translation>
    </message>
    <message>
      <source>Choose photo</source>
      <translation>选择照片</translation>
    </message>
    <message>
      <source>Pictures (*.jpg *.jpeg *.png)</source>
      <translation>图片 (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
      <source>Folder of photos</source>
      <translation>照片文件夹</translation>
    </message>
    <message>
      <source>{matched} photos imported; {unmatched} files matched nobody; {duplicates} duplicates skipped; {rejected} files not pictures.</source>
      <translation>已导入 {matched} 张照片；{unmatched} 个文件未匹配到任何人；跳过重复 {duplicates} 个；{rejected} 个文件不是图片。</translation>
    </message>
    <message>
      <source>Not matched: {files}</source>
      <translation>未匹配：{files}</translation>
    </message>
  </context>
  <context>
    <name>PeopleText</name>
    <message>
      <source>Please enter a name.</source>
      <translation>请输入姓名。</translation>
    </message>
    <message>
      <source>The name is too long.</source>
      <translation>姓名太长。</translation>
    </message>
    <message>
      <source>The phone number {phone} is not valid.</source>
      <translation>电话号码 {phone} 无效。</translation>
    </message>
    <message>
      <source>The relation {relation} is not valid.</source>
      <translation>关系“{relation}”无效。</translation>
    </message>
    <message>
      <source>The note is too long (at most 200 characters).</source>
      <translation>备注太长（最多 200 字）。</translation>
    </message>
    <message>
      <source>Please enter who phoned the authorization in.</source>
      <translation>请填写来电授权的人。</translation>
    </message>
    <message>
      <source>The end date is before the start date.</source>
      <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
      <source>The authorization would already be over.</source>
      <translation>该授权已经过期。</translation>
    </message>
    <message>
      <source>This person is already a guardian of the pupil.</source>
      <translation>此人已是该学生的监护人。</translation>
    </message>
    <message>
      <source>An institution of this name exists.</source>
      <translation>已有同名机构。</translation>
    </message>
    <message>
      <source>This institution already collects the pupil.</source>
      <translation>该机构已获授权接此学生。</translation>
    </message>
    <message>
      <source>Please enter the date of the court order.</source>
      <translation>请填写法院裁定日期。</translation>
    </message>
    <message>
      <source>The photo file is empty.</source>
      <translation>照片文件是空的。</translation>
    </message>
    <message>
      <source>The photo is larger than 2 MB.</source>
      <translation>照片大于 2 MB。</translation>
    </message>
    <message>
      <source>The file is not a JPEG or PNG picture.</source>
      <translation>该文件不是 JPEG 或 PNG 图片。</translation>
    </message>
    <message>
      <source>The folder cannot be found.</source>
      <translation>找不到该文件夹。</translation>
    </message>
    <message>
      <source>Only the safety officer may change this.</source>
      <translation>只有安全负责人可以修改。</translation>
    </message>
    <message>
      <source>The consent cannot have been received after today.</source>
      <translation>同意书的收到日期不能晚于今天。</translation>
    </message>
    <message>
      <source>This pupil no longer exists (perhaps another computer changed it).</source>
      <translation>该学生已不存在（可能已在其他电脑上修改）。</translation>
    </message>
    <message>
      <source>The change was not saved: {error}</source>
      <translation>未能保存：{error}</translation>
    </message>
  </context>
  <context>
    <name>PersonFields</name>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Relation</source>
      <translation>关系</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
  </context>
  <context>
    <name>PhotoLabel</name>
    <message>
      <source>No photo</source>
      <translation>无照片</translation>
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
    <name>PrivacyDialog</name>
    <message>
      <source>Personal data of a pupil</source>
      <translation>学生个人信息</translation>
    </message>
    <message>
      <source>{name} ({number}), {klass}</source>
      <translation>{name}（{number}），{klass}</translation>
    </message>
    <message>
      <source>Export on request</source>
      <translation>应申请导出</translation>
    </message>
    <message>
      <source>Everything stored about the pupil, its guardians and authorized adults, with the photos, in one .zip file. The export is recorded in the audit log.</source>
      <translation>该学生及其监护人、授权接送人的全部存储信息（含照片）导出为一个 .zip 文件。导出操作记入审计日志。</translation>
    </message>
    <message>
      <source>Export all data…</source>
      <translation>导出全部信息…</translation>
    </message>
    <message>
      <source>Export the pupil's data</source>
      <translation>导出学生个人信息</translation>
    </message>
    <message>
      <source>Zip archive (*.zip)</source>
      <translation>Zip 压缩包 (*.zip)</translation>
    </message>
    <message>
      <source>Exported to {path}.</source>
      <translation>已导出到 {path}。</translation>
    </message>
    <message>
      <source>Erase on request</source>
      <translation>应申请删除</translation>
    </message>
    <message>
      <source>This removes the name, student number, photos and free-text notes of {name} for good, and the names, phones, photos and cards of {guardians} guardian(s) who have no other child here and of {proxies} proxy authorization(s). Guardians shared with a sibling ({shared}) keep their data. Attendance and handoff counts stay, without names. It cannot be undone: export the data first if the family asked for a copy.</source>
      <translation>将永久删除{name}的姓名、学号、照片和备注文字，以及在本校没有其他子女的 {guardians} 位监护人和 {proxies} 条代接授权的姓名、电话、照片和接送卡。与兄弟姐妹共用的监护人（{shared} 位）保留其信息。考勤和接领的统计数保留，但不再含姓名。此操作不可撤销：如家长要求提供副本，请先导出。</translation>
    </message>
    <message>
      <source>e.g. written request of the guardian, received 2026-12-01</source>
      <translation>例如：监护人书面申请，2026-12-01 收到</translation>
    </message>
    <message>
      <source>Reason (no names)</source>
      <translation>原因（不要写姓名）</translation>
    </message>
    <message>
      <source>Type {name} to confirm</source>
      <translation>输入“{name}”以确认</translation>
    </message>
    <message>
      <source>Pupil's name</source>
      <translation>学生姓名</translation>
    </message>
    <message>
      <source>Erase personal data</source>
      <translation>删除个人信息</translation>
    </message>
    <message>
      <source>This pupil's personal data was erased already.</source>
      <translation>该学生的个人信息已被删除。</translation>
    </message>
    <message>
      <source>The name typed is not {name}: nothing was erased.</source>
      <translation>输入的姓名不是“{name}”，未删除任何信息。</translation>
    </message>
    <message>
      <source>Erased. The pupil is now {number}; {entries} audit entries were redacted and the audit log still verifies.</source>
      <translation>已删除。该学生现显示为 {number}；{entries} 条审计记录已去除个人信息，审计链仍可验证。</translation>
    </message>
    <message>
      <source>The logs archived for {days} closed day(s) were printed before and still name the pupil.</source>
      <translation>已日结的 {days} 天的存档看管记录生成于删除之前，仍含该学生姓名。</translation>
    </message>
    <message>
      <source>Please give the reason for the erase.</source>
      <translation>请填写删除原因。</translation>
    </message>
    <message>
      <source>The reason is too long (at most 200 characters).</source>
      <translation>原因太长（最多 200 字）。</translation>
    </message>
    <message>
      <source>The reason is kept in the audit log: it must not name the pupil or its adults.</source>
      <translation>原因会保存在审计日志中，不能包含该学生或其监护人、接送人的姓名、学号或电话。</translation>
    </message>
    <message>
      <source>The name typed is not the pupil's: nothing was erased.</source>
      <translation>输入的姓名与该学生不符，未删除任何信息。</translation>
    </message>
    <message>
      <source>Only the safety officer may do this.</source>
      <translation>只有安全负责人可以执行此操作。</translation>
    </message>
    <message>
      <source>The pupil no longer exists.</source>
      <translation>该学生已不存在。</translation>
    </message>
    <message>
      <source>The file could not be written: {reason}</source>
      <translation>无法写入文件：{reason}</translation>
    </message>
    <message>
      <source>The database cannot be reached: {reason}</source>
      <translation>无法连接数据库：{reason}</translation>
    </message>
    <message>
      <source>It did not work: {reason}</source>
      <translation>操作未成功：{reason}</translation>
    </message>
  </context>
  <context>
    <name>ProxyDialog</name>
    <message>
      <source>Add proxy pickup</source>
      <translation>添加代接</translation>
    </message>
    <message>
      <source>Today only</source>
      <translation>仅限当天</translation>
    </message>
    <message>
      <source>e.g. 王芳 (mother), by phone</source>
      <translation>如：王芳（母亲）电话告知</translation>
    </message>
    <message>
      <source>e.g. WeChat message kept, note signed</source>
      <translation>如：微信截图已存、家长签字条</translation>
    </message>
    <message>
      <source>Valid from</source>
      <translation>有效期自</translation>
    </message>
    <message>
      <source>Valid to</source>
      <translation>有效期至</translation>
    </message>
    <message>
      <source>Phoned in by</source>
      <translation>来电人</translation>
    </message>
    <message>
      <source>Written authorization</source>
      <translation>书面授权</translation>
    </message>
  </context>
  <context>
    <name>PupilPicker</name>
    <message>
      <source>Pinyin / initials / name / student no.</source>
      <translation>拼音 / 首字母 / 姓名 / 学号</translation>
    </message>
    <message>
      <source>No particular pupil</source>
      <translation>不涉及具体学生</translation>
    </message>
    <message>
      <source>Pupil: {pupil}</source>
      <translation>学生：{pupil}</translation>
    </message>
    <message>
      <source>Pupil: none (e.g. a conflict between adults)</source>
      <translation>学生：无（如成人之间的冲突）</translation>
    </message>
  </context>
  <context>
    <name>ReasonBox</name>
    <message>
      <source>Type a reason or choose one below</source>
      <translation>输入原因，或在下方选择</translation>
    </message>
  </context>
  <context>
    <name>RecentHandoffs</name>
    <message>
      <source>Latest handoffs</source>
      <translation>最近交接</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Child</source>
      <translation>学生</translation>
    </message>
    <message>
      <source>Taken by</source>
      <translation>接领人</translation>
    </message>
    <message>
      <source>Latest handoffs (out of date: the database cannot be reached)</source>
      <translation>最近交接（未更新：无法连接数据库）</translation>
    </message>
    <message>
      <source>{method} · {station} · checked by {teacher}</source>
      <translation>{method} · {station} · 核验老师 {teacher}</translation>
    </message>
    <message>
      <source>Undone</source>
      <translation>已撤销</translation>
    </message>
    <message>
      <source>Confirm undo?</source>
      <translation>确认撤销？</translation>
    </message>
    <message>
      <source>Undo</source>
      <translation>撤销</translation>
    </message>
    <message>
      <source>undone at the gate</source>
      <translation>在接领点撤销</translation>
    </message>
    <message>
      <source>More than 60 seconds have passed: it cannot be undone.</source>
      <translation>已超过 60 秒，不能撤销。</translation>
    </message>
    <message>
      <source>This handoff was undone already.</source>
      <translation>这次交接已经撤销过了。</translation>
    </message>
    <message>
      <source>The undo was not saved: {reason}</source>
      <translation>撤销未保存：{reason}</translation>
    </message>
    <message>
      <source>The undo was NOT saved: the database cannot be reached.</source>
      <translation>撤销未保存！无法连接数据库。</translation>
    </message>
  </context>
  <context>
    <name>ReleaseBox</name>
    <message>
      <source>Going home</source>
      <translation>放学离校</translation>
    </message>
    <message>
      <source>Departure: {mode}</source>
      <translation>放学方式：{mode}</translation>
    </message>
    <message>
      <source>Record consent…</source>
      <translation>登记同意书…</translation>
    </message>
    <message>
      <source>Change date…</source>
      <translation>修改收到日期…</translation>
    </message>
    <message>
      <source>Withdraw consent</source>
      <translation>撤回同意书</translation>
    </message>
  </context>
  <context>
    <name>ReleaseText</name>
    <message>
      <source>No signed consent received</source>
      <translation>未收到同意书</translation>
    </message>
    <message>
      <source>Guardian's consent to leave alone: received {date}</source>
      <translation>家长自行离校同意书：{date} 已收</translation>
    </message>
    <message>
      <source>This school does not let {grades} leave alone</source>
      <translation>本校不允许{grades}自行离校</translation>
    </message>
    <message>
      <source>May leave alone at dismissal</source>
      <translation>放学时可自行离校</translation>
    </message>
    <message>
      <source>May not leave alone: a guardian must collect the child</source>
      <translation>不能自行离校，须由家长接走</translation>
    </message>
  </context>
  <context>
    <name>RestrictionDialog</name>
    <message>
      <source>Add to do-not-release list</source>
      <translation>添加禁止接走人员</translation>
    </message>
    <message>
      <source>Court order</source>
      <translation>有法院裁定</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Order date</source>
      <translation>裁定日期</translation>
    </message>
  </context>
  <context>
    <name>RetentionGroup</name>
    <message>
      <source>Personal data</source>
      <translation>个人信息</translation>
    </message>
    <message>
      <source> days</source>
      <translation> 天</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Keep handoff snapshots for:</source>
      <translation>接领抓拍保留：</translation>
    </message>
    <message>
      <source>The webcam picture taken at each handoff, and the photo of a proxy whose authorization has ended, are deleted after this many days, at the next start of the app or at midnight. Default: 30 days.</source>
      <translation>每次接领时摄像头拍下的照片，以及授权已结束的代接人的照片，超过这个天数后删除（在下次启动软件时或午夜执行）。默认 30 天。</translation>
    </message>
    <message>
      <source>Saved: {days} days.</source>
      <translation>已保存：{days} 天。</translation>
    </message>
  </context>
  <context>
    <name>RollCallModel</name>
    <message>
      <source>Student no.</source>
      <translation>学号</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Marked by</source>
      <translation>点名人</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Leave and notes</source>
      <translation>请假与备注</translation>
    </message>
    <message>
      <source>reported by {who}</source>
      <translation>告知人：{who}</translation>
    </message>
    <message>
      <source>; </source>
      <translation>；</translation>
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
    <name>SafetyText</name>
    <message>
      <source>Injury</source>
      <translation>受伤</translation>
    </message>
    <message>
      <source>Illness</source>
      <translation>生病</translation>
    </message>
    <message>
      <source>Conflict</source>
      <translation>冲突</translation>
    </message>
    <message>
      <source>Other</source>
      <translation>其他</translation>
    </message>
    <message>
      <source>You may not do this. Patrols are recorded by duty teachers and the safety officer; a record is corrected by whoever recorded it or by the safety officer.</source>
      <translation>您无权进行此操作。巡查由值班老师和安全员记录；记录只能由记录人本人或安全员更正。</translation>
    </message>
    <message>
      <source>Please choose what kind of incident it was.</source>
      <translation>请选择事故类别。</translation>
    </message>
    <message>
      <source>{time} is later than now. Please check the time.</source>
      <translation>{time} 晚于当前时间，请检查时间。</translation>
    </message>
    <message>
      <source>The guardian cannot have been told before the incident happened. Please check both times.</source>
      <translation>通知家长的时间不能早于事故发生时间，请检查两个时间。</translation>
    </message>
    <message>
      <source>Please choose who told the guardian.</source>
      <translation>请选择通知家长的老师。</translation>
    </message>
    <message>
      <source>Please describe what happened.</source>
      <translation>请填写事情经过。</translation>
    </message>
    <message>
      <source>Please say what was done.</source>
      <translation>请填写处理措施。</translation>
    </message>
    <message>
      <source>Please write what the patrol found.</source>
      <translation>请填写巡查情况。</translation>
    </message>
    <message>
      <source>Please choose who inspected.</source>
      <translation>请选择巡查人。</translation>
    </message>
    <message>
      <source>A text is too long (at most {limit} characters).</source>
      <translation>内容过长（最多 {limit} 字）。</translation>
    </message>
    <message>
      <source>Nothing was changed.</source>
      <translation>没有任何修改。</translation>
    </message>
    <message>
      <source>That pupil, teacher or record no longer exists (perhaps another computer changed it). Please choose again.</source>
      <translation>该学生、老师或记录已不存在（可能已在另一台电脑上修改），请重新选择。</translation>
    </message>
    <message>
      <source>The database cannot be reached. Please try again in a moment.</source>
      <translation>无法连接数据库，请稍后再试。</translation>
    </message>
    <message>
      <source>This could not be saved. The error was logged.</source>
      <translation>未能保存，错误已记入日志。</translation>
    </message>
    <message>
      <source>This could not be saved (code {code}).</source>
      <translation>未能保存（代码 {code}）。</translation>
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
    <name>SecretDialog</name>
    <message>
      <source>Reset PIN</source>
      <translation>重置 PIN</translation>
    </message>
    <message>
      <source>Account</source>
      <translation>账号</translation>
    </message>
    <message>
      <source>New PIN or password</source>
      <translation>新的 PIN 或密码</translation>
    </message>
    <message>
      <source>Repeat</source>
      <translation>再次输入</translation>
    </message>
  </context>
  <context>
    <name>SelfReleaseDialog</name>
    <message>
      <source>Confirm pupils leaving alone</source>
      <translation>自行离校确认</translation>
    </message>
    <message>
      <source>{band} · dismissal {time}</source>
      <translation>{band} · 放学 {time}</translation>
    </message>
    <message>
      <source>No pupil of this band is waiting to leave alone.</source>
      <translation>本年级段没有待确认自行离校的学生。</translation>
    </message>
    <message>
      <source>Confirm {n} left alone</source>
      <translation>确认 {n} 人自行离校</translation>
    </message>
    <message>
      <source>Recorded: {n} pupils left alone.</source>
      <translation>已记录 {n} 名学生自行离校。</translation>
    </message>
    <message>
      <source>Already recorded at another station: {names}</source>
      <translation>其他工作站已记录：{names}</translation>
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
      <source>Snapshots are kept between 1 and 365 days.</source>
      <translation>抓拍保留天数须在 1 到 365 天之间。</translation>
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
    <name>SignInPage</name>
    <message>
      <source>Sign in</source>
      <translation>登录</translation>
    </message>
    <message>
      <source>e.g. T001</source>
      <translation>例如 T001</translation>
    </message>
    <message>
      <source>Staff number</source>
      <translation>工号</translation>
    </message>
    <message>
      <source>PIN or password</source>
      <translation>PIN 或密码</translation>
    </message>
    <message>
      <source>Create the administrator account</source>
      <translation>创建管理员账号</translation>
    </message>
    <message>
      <source>First start: create the account of the safety officer, who is also the administrator. The administrator adds the teachers' accounts, resets PINs and changes the settings.</source>
      <translation>首次使用：请先创建安全负责人的账号。安全负责人同时是管理员，负责添加教师账号、重置 PIN 和修改设置。</translation>
    </message>
    <message>
      <source>e.g. A001</source>
      <translation>例如 A001</translation>
    </message>
    <message>
      <source>Create and sign in</source>
      <translation>创建并登录</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Repeat</source>
      <translation>再次输入</translation>
    </message>
    <message>
      <source>Demo accounts: class teacher {teacher} / safety officer {officer} / duty teacher {duty}, PIN {pin} for each.</source>
      <translation>演示账号：班主任 {teacher} / 安全负责人 {officer} / 值班教师 {duty}，PIN 均为 {pin}。</translation>
    </message>
    <message>
      <source>Please enter your staff number and PIN or password.</source>
      <translation>请输入工号和 PIN 或密码。</translation>
    </message>
  </context>
  <context>
    <name>StaffDialog</name>
    <message>
      <source>Edit account</source>
      <translation>编辑账号</translation>
    </message>
    <message>
      <source>Add account</source>
      <translation>添加账号</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <source>Staff number</source>
      <translation>工号</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>Class</source>
      <translation>班级</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>PIN or password</source>
      <translation>PIN 或密码</translation>
    </message>
    <message>
      <source>Repeat</source>
      <translation>再次输入</translation>
    </message>
    <message>
      <source>Add institution staff</source>
      <translation>添加机构工作人员</translation>
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
      <source>Personal data…</source>
      <translation>个人信息…</translation>
    </message>
    <message>
      <source>Export or erase the selected pupil's personal data on request</source>
      <translation>应申请导出或删除所选学生的个人信息</translation>
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
      <source>Personal data</source>
      <translation>个人信息</translation>
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
  <context>
    <name>VerdictPanel</name>
    <message>
      <source>Release with reason…</source>
      <translation>说明原因放行…</translation>
    </message>
    <message>
      <source>Check identity without card</source>
      <translation>无卡核验身份</translation>
    </message>
    <message>
      <source>Release (Space)</source>
      <translation>确认交接（空格）</translation>
    </message>
    <message>
      <source>Space or Enter confirms; keys 1–9 untick a child.</source>
      <translation>空格或回车确认交接；数字键 1–9 勾选或取消学生。</translation>
    </message>
    <message>
      <source>Already recorded: scan the next card.</source>
      <translation>已记录，请扫描下一张卡。</translation>
    </message>
    <message>
      <source>No child is ticked: nobody is released.</source>
      <translation>未勾选任何学生，不放行。</translation>
    </message>
    <message>
      <source>Recording…</source>
      <translation>正在记录…</translation>
    </message>
    <message>
      <source>Automatic release stopped: press Space to confirm.</source>
      <translation>已停止自动确认，请按空格键确认交接。</translation>
    </message>
    <message>
      <source>; </source>
      <translation>；</translation>
    </message>
    <message>
      <source>No child is ticked.</source>
      <translation>未勾选任何学生。</translation>
    </message>
    <message>
      <source>Releasing by itself in {n} s: touch the screen to stop.</source>
      <translation>{n} 秒后自动确认交接，触碰屏幕可取消。</translation>
    </message>
  </context>
  <context>
    <name>VerdictWords</name>
    <message>
      <source>This card was reported lost and replaced: the old card is void</source>
      <translation>此卡已挂失补办，旧卡作废，不得放行</translation>
    </message>
    <message>
      <source>This card expired on {date}; the safety officer issues a new one</source>
      <translation>此卡已于{date}过期，不得放行，请到安全负责人处换卡</translation>
    </message>
    <message>
      <source>Not a pickup card code: please scan again</source>
      <translation>无法识别：这不是接送卡二维码，请重新扫描</translation>
    </message>
    <message>
      <source>Not a valid card of this school (forged or another school's)</source>
      <translation>非本校有效接送卡（伪造或外校卡），不得放行</translation>
    </message>
    <message>
      <source>This PC's card key does not match the school's: cards cannot be checked here; call the safety officer</source>
      <translation>本机接送卡密钥与学校不符，无法核验，请联系安全负责人</translation>
    </message>
    <message>
      <source>No such card</source>
      <translation>查无此卡，不得放行</translation>
    </message>
    <message>
      <source>This card has been revoked</source>
      <translation>此卡已注销，不得放行</translation>
    </message>
    <message>
      <source>This card has expired</source>
      <translation>此卡已过期，不得放行，请到安全负责人处换卡</translation>
    </message>
    <message>
      <source>On sick leave</source>
      <translation>请病假</translation>
    </message>
    <message>
      <source>On personal leave</source>
      <translation>请事假</translation>
    </message>
    <message>
      <source>Absent</source>
      <translation>缺勤</translation>
    </message>
    <message>
      <source>Not marked present today</source>
      <translation>今日未点名出勤</translation>
    </message>
    <message>
      <source>Attendance: {status}</source>
      <translation>考勤为{status}</translation>
    </message>
    <message>
      <source>Already collected today</source>
      <translation>今日已接走</translation>
    </message>
    <message>
      <source>{name} ({relation})</source>
      <translation>{name}（{relation}）</translation>
    </message>
    <message>
      <source> at {station}</source>
      <translation>在{station}</translation>
    </message>
    <message>
      <source>Already taken at {time} by {receiver}{where}</source>
      <translation>已于{time}由{receiver}{where}接走，今日不再交接</translation>
    </message>
    <message>
      <source>May go</source>
      <translation>可以接走</translation>
    </message>
    <message>
      <source>This adult is on the do-not-release list: {note}</source>
      <translation>此人在禁接名单上：{note}</translation>
    </message>
    <message>
      <source>This adult is on the do-not-release list</source>
      <translation>此人在禁接名单上</translation>
    </message>
    <message>
      <source>This adult is not authorized for this child</source>
      <translation>此人未获授权接该生</translation>
    </message>
    <message>
      <source>{attendance}: not confirmed at school; release needs a reason</source>
      <translation>{attendance}，未确认在校，放行须说明原因</translation>
    </message>
    <message>
      <source>Leaves alone (parent's consent); a pickup needs a reason</source>
      <translation>自行离校学生（家长已同意），接走须说明原因</translation>
    </message>
    <message>
      <source>Collected by {institution}; another adult needs a reason</source>
      <translation>由托管机构（{institution}）接领，他人接走须说明原因</translation>
    </message>
    <message>
      <source>Collected by an institution; another adult needs a reason</source>
      <translation>由托管机构接领，他人接走须说明原因</translation>
    </message>
    <message>
      <source>Before dismissal at {time}: early pickup needs a reason</source>
      <translation>未到放学时间{time}，提前接走须填写原因并记早退</translation>
    </message>
    <message>
      <source>Card refused</source>
      <translation>卡无效，不得放行</translation>
    </message>
    <message>
      <source>May go: 1 child</source>
      <translation>可以接走：1 名学生</translation>
    </message>
    <message>
      <source>May go: {n} children</source>
      <translation>可以接走：{n} 名学生</translation>
    </message>
    <message>
      <source>STOP: DO NOT RELEASE</source>
      <translation>禁止放行！</translation>
    </message>
    <message>
      <source>Scan again</source>
      <translation>请重新扫描</translation>
    </message>
    <message>
      <source>Station fault</source>
      <translation>本机无法核验</translation>
    </message>
    <message>
      <source>Release needs a reason</source>
      <translation>须说明原因才能放行</translation>
    </message>
    <message>
      <source>Do not release</source>
      <translation>不得放行</translation>
    </message>
    <message>
      <source>Do-not-release list! Call the safety officer now</source>
      <translation>此人在禁接名单上！请立即报告安全负责人</translation>
    </message>
    <message>
      <source>Identity checked without a card: the release needs a reason</source>
      <translation>无卡核验身份：放行须填写原因</translation>
    </message>
    <message>
      <source>Untick any child who stays, then press Space to confirm</source>
      <translation>不接走的学生请取消勾选，然后按空格键确认交接</translation>
    </message>
    <message>
      <source>This adult may not take any pupil</source>
      <translation>此人未获授权接任何学生</translation>
    </message>
    <message>
      <source>{name} ({class_name}): {status}</source>
      <translation>{name}（{class_name}）：{status}</translation>
    </message>
    <message>
      <source>Not with this adult: this scan is a hard stop</source>
      <translation>本次禁止放行，不得随此人离校</translation>
    </message>
    <message>
      <source>May go once a reason is given (no card)</source>
      <translation>填写原因后可以接走（无卡）</translation>
    </message>
    <message>
      <source>Hard stop: keep the child inside and call the safety officer. Nothing can be released on this scan.</source>
      <translation>严禁放行：请将学生留在校内，立即联系安全负责人。本次扫描不能放行任何学生。</translation>
    </message>
    <message>
      <source>Refused: the confirm key does not release. If the adult is known, check the identity without the card.</source>
      <translation>拒绝放行：确认键无效。如确认是授权接送人，请“无卡核验身份”。</translation>
    </message>
    <message>
      <source>Refused: the confirm key does not release. If appropriate, release with a reason.</source>
      <translation>拒绝放行：确认键无效。如情况属实，请“说明原因放行”。</translation>
    </message>
    <message>
      <source>Refused: the confirm key does not release.</source>
      <translation>拒绝放行：确认键无效。</translation>
    </message>
    <message>
      <source>Card scanned</source>
      <translation>刷卡</translation>
    </message>
    <message>
      <source>Handheld scanner</source>
      <translation>手持扫码</translation>
    </message>
    <message>
      <source>Identity checked</source>
      <translation>核验身份</translation>
    </message>
    <message>
      <source>Released with a reason</source>
      <translation>说明原因放行</translation>
    </message>
    <message>
      <source>Institution</source>
      <translation>托管机构</translation>
    </message>
    <message>
      <source>Left alone</source>
      <translation>自行离校</translation>
    </message>
    <message>
      <source>Custody transfer</source>
      <translation>留校看护</translation>
    </message>
    <message>
      <source>Show the pickup card to the camera</source>
      <translation>请出示接送卡</translation>
    </message>
    <message>
      <source>Hold the QR code still in front of the camera</source>
      <translation>请将二维码对准摄像头</translation>
    </message>
  </context>
  <context>
    <name>WallBand</name>
    <message>
      <source>Dismissal {time}</source>
      <translation>放学 {time}</translation>
    </message>
    <message>
      <source>Still waiting: {n}</source>
      <translation>仍在等待 {n} 人</translation>
    </message>
  </context>
  <context>
    <name>WallBoard</name>
    <message>
      <source>Dismissal board</source>
      <translation>放学看板</translation>
    </message>
    <message>
      <source>Dismissal · pupils still waiting</source>
      <translation>放学 · 仍在等待的学生</translation>
    </message>
    <message>
      <source>Close (Esc)</source>
      <translation>关闭（Esc）</translation>
    </message>
  </context>
  <context>
    <name>WaveCard</name>
    <message>
      <source>Dismissal {time}</source>
      <translation>放学 {time}</translation>
    </message>
    <message>
      <source>Changed today: {reason}</source>
      <translation>今日调整：{reason}</translation>
    </message>
  </context>
  <context>
    <name>WhereNowTab</name>
    <message>
      <source>Name or student no.</source>
      <translation>姓名或学号</translation>
    </message>
    <message>
      <source>Type a name to find a pupil.</source>
      <translation>输入姓名查找学生。</translation>
    </message>
    <message>
      <source>This pupil no longer exists.</source>
      <translation>这名学生已不存在。</translation>
    </message>
    <message>
      <source>As of {date} {time}, by the day's schedule and roll calls</source>
      <translation>按 {date} {time} 的课表和点名情况</translation>
    </message>
  </context>
</TS>