import { greeting } from '../../../utils/only-a'
import { helper } from '../../utils/a-lib'

Page({
  data: { items: [{ id: 1, price: 100 }], total: 100, hi: greeting('A') + helper() },
})
