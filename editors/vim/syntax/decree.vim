" Vim syntax file for Decree (.decree): amnesty decrees, keywords in English and Vietnamese.
" The keyword lists follow lang/include/decree/lang/keywords.def (checked by a unit test).
if exists("b:current_syntax")
  finish
endif

setlocal iskeyword=@,48-57,_,192-255

syntax keyword decreeStructure decree module title signed effective under follows omits bỏ import nhập as article clause khoản point điểm text paraphrase source nguồn
" `-` is not a keyword character, and `điều luật` is a type: matches, not keywords.
syntax match decreeStructure "\<mô-đun\>"
syntax match decreeStructure "\<điều\>\(\s\+luật\>\)\@!"
syntax match decreeStructure "\<quyết\s\+định\>"
syntax match decreeStructure "\<tiêu\s\+đề\>"
syntax match decreeStructure "\<ký\s\+ngày\>"
syntax match decreeStructure "\<hiệu\s\+lực\>"
syntax match decreeStructure "\<kế\s\+tiếp\>"
syntax match decreeStructure "\<căn\s\+cứ\>"
syntax match decreeStructure "\<gọi\s\+là\>"
syntax match decreeStructure "\<nội\s\+dung\>"
" `assumed` is a match, not a keyword, so that the longer `assumed number` can win over it.
syntax match decreeStructure "\<assumed\>"
syntax match decreeStructure "\<assumed\s\+number\>"
syntax match decreeStructure "\<giả\s\+định\>"
syntax match decreeStructure "\<giả\s\+định\s\+số\s\+hiệu\>"
syntax match decreeStructure "\<diễn\s\+giải\>"
" `source` is a match, not a keyword, so that the longer `source file` can win over it.
syntax match decreeStructure "\<source\>"
syntax match decreeStructure "\<source\s\+file\>"
syntax match decreeStructure "\<tệp\s\+nguồn\>"
syntax keyword decreeDeclaration input parameter đặt definition record enumeration code rounding up lên down xuống
syntax match decreeDeclaration "\<set\>\(\s\+of\>\)\@!"
syntax match decreeDeclaration "\<đầu\s\+vào\>"
syntax match decreeDeclaration "\<tham\s\+số\>"
syntax match decreeDeclaration "\<định\s\+nghĩa\>"
syntax match decreeDeclaration "\<bản\s\+ghi\>"
syntax match decreeDeclaration "\<extend\s\+record\>"
syntax match decreeDeclaration "\<mở\s\+rộng\s\+bản\s\+ghi\>"
syntax match decreeDeclaration "\<liệt\s\+kê\>"
syntax match decreeDeclaration "\<bộ\s\+luật\>"
syntax match decreeDeclaration "\<làm\s\+tròn\>"
syntax match decreeDeclaration "\<at\s\+least\>"
syntax match decreeDeclaration "\<tối\s\+thiểu\>"
syntax match decreeDeclaration "\<at\s\+most\>"
syntax match decreeDeclaration "\<tối\s\+đa\>"
syntax keyword decreeRule applies requires excludes exception to cho priority when khi unless
syntax match decreeRule "\<áp\s\+dụng\>"
syntax match decreeRule "\<yêu\s\+cầu\>"
syntax match decreeRule "\<loại\s\+trừ\>"
syntax match decreeRule "\<must\s\+exclude\>"
syntax match decreeRule "\<bắt\s\+buộc\s\+loại\s\+trừ\>"
syntax match decreeRule "\<ngoại\s\+lệ\>"
syntax match decreeRule "\<ưu\s\+tiên\>"
syntax match decreeRule "\<trừ\s\+khi\>"
syntax keyword decreeOperator if nếu then thì else and và or hoặc not không in thuộc of của any all mọi count đếm sum tổng greatest smallest
syntax match decreeOperator "\<ngược\s\+lại\>"
syntax match decreeOperator "\<tồn\s\+tại\>"
syntax match decreeOperator "\<lớn\s\+nhất\>"
syntax match decreeOperator "\<nhỏ\s\+nhất\>"
syntax keyword decreeConstant true đúng false sai
syntax keyword decreeType list bool logic integer decimal money tiền fraction date duration string chuỗi
syntax match decreeType "\<danh\s\+sách\>"
syntax match decreeType "\<set\s\+of\>"
syntax match decreeType "\<tập\s\+hợp\>"
syntax match decreeType "\<số\s\+nguyên\>"
syntax match decreeType "\<số\s\+thập\s\+phân\>"
syntax match decreeType "\<phân\s\+số\>"
syntax match decreeType "\<ngày\s\+tháng\>"
syntax match decreeType "\<thời\s\+hạn\>"
syntax match decreeType "\<law\s\+article\>"
syntax match decreeType "\<điều\s\+luật\>"
syntax keyword decreeUnit years năm year months tháng month days ngày day VND đồng
syntax match decreeComment "--.*$"
syntax region decreeString start=+"+ skip=+\\"+ end=+"+
" Dates after numbers: of two matches at one place, the one defined last wins.
syntax match decreeNumber "\<\d[0-9_]*\(\.\d\+\)\=\>"
syntax match decreeDate "\<\d\{4}-\d\{2}-\d\{2}\>"

highlight default link decreeStructure Structure
highlight default link decreeDeclaration StorageClass
highlight default link decreeRule Conditional
highlight default link decreeOperator Operator
highlight default link decreeConstant Boolean
highlight default link decreeType Type
highlight default link decreeUnit Special
highlight default link decreeComment Comment
highlight default link decreeString String
highlight default link decreeDate Constant
highlight default link decreeNumber Number

let b:current_syntax = "decree"
